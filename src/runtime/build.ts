import type { Config } from '../config.js';
import { connect, type Connection } from '../db/connect.js';
import { migrate, readMigrations } from '../db/migrate.js';
import type { Deps } from '../deps.js';
import { runtimeDeps } from './deps.js';

/** Real dependencies for a Node process: database (migrated), clock, ids, logger, LLM. */
export async function buildNodeDeps(config: Config): Promise<{ deps: Deps; conn: Connection }> {
  const conn = await connect({ databaseUrl: config.DATABASE_URL, dataDir: config.SIFT_DATA_DIR, preparedStatements: config.SIFT_PREPARED_STATEMENTS });
  await migrate(conn.db, await readMigrations());
  return { deps: runtimeDeps(conn.db, config), conn };
}
