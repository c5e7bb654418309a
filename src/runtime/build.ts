import type { Config } from '../config.js';
import { connect, type Connection } from '../db/connect.js';
import { migrate, readMigrations } from '../db/migrate.js';
import type { Deps } from '../deps.js';
import { randomIds } from '../ids.js';
import { createLlm } from '../llm/client.js';
import { jsonLog } from '../log.js';

/** Real dependencies for a Node process: database (migrated), clock, ids, logger, LLM. */
export async function buildNodeDeps(config: Config): Promise<{ deps: Deps; conn: Connection }> {
  const conn = await connect({ databaseUrl: config.DATABASE_URL, dataDir: config.SIFT_DATA_DIR });
  await migrate(conn.db, await readMigrations());
  const deps: Deps = {
    db: conn.db,
    config,
    clock: { now: () => new Date() },
    ids: randomIds,
    log: jsonLog(config.SIFT_LOG_LEVEL),
    llm: createLlm(config),
    fetch: globalThis.fetch.bind(globalThis),
  };
  return { deps, conn };
}
