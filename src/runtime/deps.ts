import type { Config } from '../config.js';
import type { DB } from '../db/connect.js';
import type { Deps } from '../deps.js';
import { randomIds } from '../ids.js';
import { createLlm } from '../llm/client.js';
import { jsonLog } from '../log.js';

/** The real clock, ids, logger, LLM client and fetch around a database: shared by Node and Workers. */
export function runtimeDeps(db: DB, config: Config): Deps {
  return {
    db,
    config,
    clock: { now: () => new Date() },
    ids: randomIds,
    log: jsonLog(config.SIFT_LOG_LEVEL),
    llm: createLlm(config),
    fetch: globalThis.fetch.bind(globalThis),
  };
}
