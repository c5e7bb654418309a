import type { Config } from './config.js';
import type { DB } from './db/connect.js';
import type { LlmClient } from './llm/types.js';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new opaque id with a type prefix, for example `prj_…`. */
  make(prefix: string): string;
}

export interface Log {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/** Everything domain code needs from the outside world; the runtime entry builds the real ones. */
export interface Deps {
  db: DB;
  config: Config;
  clock: Clock;
  ids: Ids;
  log: Log;
  /** null when no LLM is configured: the analyst then answers with its offline engine. */
  llm: LlmClient | null;
  /** outbound HTTP (webhooks); tests point it at msw or a local receiver */
  fetch: typeof fetch;
}
