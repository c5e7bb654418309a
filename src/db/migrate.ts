import { sql } from 'kysely';
import type { DB } from './connect.js';

export interface Migration {
  name: string;
  sql: string;
}

// An arbitrary constant: every Sift process takes the same advisory lock while migrating.
const MIGRATION_LOCK = 7_419_020_311;

/** Reads sql/NNN_name.sql in name order. Node-only: the Worker receives migrations bundled. */
export async function readMigrations(dir?: string): Promise<Migration[]> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const url = await import('node:url');
  const folder = dir ?? path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '../../sql');
  const files = (await fs.readdir(folder)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (name) => ({ name, sql: await fs.readFile(path.join(folder, name), 'utf8') })));
}

/**
 * Applies pending migrations in order, each in its own transaction, recorded in sift_migrations.
 * A session-level advisory lock makes concurrent start-ups wait for each other instead of racing.
 */
export async function migrate(db: DB, migrations: Migration[]): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists sift_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const done = await sql<{ name: string }>`select name from sift_migrations`.execute(conn);
      const applied = new Set(done.rows.map((r) => r.name));
      const ran: string[] = [];
      for (const m of migrations) {
        if (applied.has(m.name)) continue;
        await conn.transaction().execute(async (tx) => {
          await sql.raw(m.sql).execute(tx);
          await sql`insert into sift_migrations (name) values (${m.name})`.execute(tx);
        });
        ran.push(m.name);
      }
      return ran;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
