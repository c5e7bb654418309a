import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Connection } from '../../src/db/connect.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the server named by DATABASE_URL, dropped again by `close()`.
 */
export async function freshDatabase(opts: { migrate?: boolean } = {}): Promise<Connection> {
  const url = process.env.DATABASE_URL;
  let conn: Connection;
  let drop: (() => Promise<void>) | null = null;
  if (url) {
    const name = `sift_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    conn = await connect({ databaseUrl: u.toString(), dataDir: 'memory://', poolSize: 5 });
    drop = async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      // pool.end() resolves before the server has closed its sessions; a forced drop would
      // then kill a closing client, whose error event crashes the test run. Wait for them.
      for (let i = 0; i < 50; i++) {
        const open = await a.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  } else {
    conn = await connect({ dataDir: 'memory://' });
  }
  if (opts.migrate !== false) await migrate(conn.db, await readMigrations());
  const close = conn.close;
  return {
    ...conn,
    close: async () => {
      await close();
      if (drop) await drop();
    },
  };
}
