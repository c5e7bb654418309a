import { loadConfig } from '../../config.js';
import { connect } from '../../db/connect.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import type { CliContext } from '../context.js';

export const summary = 'apply pending SQL migrations';

export async function run(ctx: CliContext): Promise<number> {
  const config = loadConfig(process.env);
  const conn = await connect({ databaseUrl: config.DATABASE_URL, dataDir: config.SIFT_DATA_DIR });
  try {
    const ran = await migrate(conn.db, await readMigrations());
    ctx.out.write(ran.length ? `Applied ${ran.length} migration(s):\n${ran.map((n) => `  ${n}`).join('\n')}\n` : 'The database is up to date.\n');
    return 0;
  } finally {
    await conn.close();
  }
}
