import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { runtimeDeps } from './deps.js';

/** What the Worker receives: string variables and secrets, plus an optional Hyperdrive binding. */
export interface WorkerEnv {
  DATABASE_URL?: string;
  HYPERDRIVE?: { connectionString: string };
  [name: string]: unknown;
}

// int8 and numeric come back as JS numbers, as on Node (src/db/connect.ts)
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

/** The Worker's configuration: its string bindings, with Hyperdrive's URL as DATABASE_URL. */
export function workerConfig(env: WorkerEnv): Config {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  if (env.HYPERDRIVE?.connectionString) vars.DATABASE_URL = env.HYPERDRIVE.connectionString;
  const config = loadConfig(vars);
  if (!config.DATABASE_URL) {
    throw new Error('The Worker needs a database: bind Hyperdrive as HYPERDRIVE or set the DATABASE_URL secret');
  }
  return config;
}

/**
 * Dependencies for one request or one cron run: a pg connection over the Workers TCP socket
 * (nodejs_compat), opened here and closed by `close()`. Workers may not share a socket between
 * requests, so nothing is pooled across them; Hyperdrive pools on its side.
 */
export function workerDeps(config: Config): { deps: Deps; close: () => Promise<void> } {
  // no named prepared statements: a connection lives for one request, so there is nothing to reuse
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1, application_name: 'sift-worker' });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { deps: runtimeDeps(db, config), close: () => db.destroy() };
}
