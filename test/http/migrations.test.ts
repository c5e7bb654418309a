import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';
import { freshDatabase } from '../support/db.js';

const files = await readMigrations();

describe('migrations', () => {
  it('are named NNN_name.sql with unique numbers', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files[0]!.name).toBe('001_core.sql');
    const numbers = files.map((f) => f.name.slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('all apply in order on a fresh database, and a second run is a no-op', async () => {
    const conn = await freshDatabase({ migrate: false });
    try {
      expect(await migrate(conn.db, files)).toEqual(files.map((f) => f.name));
      const recorded = await sql<{ name: string }>`select name from sift_migrations order by name`.execute(conn.db);
      expect(recorded.rows.map((r) => r.name)).toEqual(files.map((f) => f.name));
      expect(await migrate(conn.db, files)).toEqual([]);
      // the core tables exist and are usable
      const tables = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public'`.execute(conn.db);
      expect(tables.rows.map((r) => r.t)).toEqual(
        expect.arrayContaining(['workspaces', 'projects', 'api_keys', 'metric_definitions', 'conversations', 'conversation_turns', 'metric_writes', 'conversation_metrics']),
      );
    } finally {
      await conn.close();
    }
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const conn = await freshDatabase({ migrate: false });
    try {
      const broken = [...files, { name: '999_broken.sql', sql: 'create table half_done (id int); select * from no_such_table;' }];
      await expect(migrate(conn.db, broken)).rejects.toThrow(/no_such_table/);
      const names = await sql<{ name: string }>`select name from sift_migrations`.execute(conn.db);
      expect(names.rows.map((r) => r.name)).not.toContain('999_broken.sql');
      const half = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'half_done'`.execute(conn.db);
      expect(half.rows[0]!.n).toBe(0);
    } finally {
      await conn.close();
    }
  });

  it.runIf(process.env.DATABASE_URL)('two processes migrating at once both succeed (advisory lock)', async () => {
    const conn = await freshDatabase({ migrate: false });
    // a second, independent pool on the same database stands in for a second process
    const url = new URL(process.env.DATABASE_URL!);
    const dbName = (await sql<{ d: string }>`select current_database() as d`.execute(conn.db)).rows[0]!.d;
    url.pathname = `/${dbName}`;
    const other = await connect({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 2 });
    try {
      const [a, b] = await Promise.all([migrate(conn.db, files), migrate(other.db, files)]);
      expect([...a, ...b].sort()).toEqual(files.map((f) => f.name).sort());
      const recorded = await sql<{ n: number }>`select count(*)::int as n from sift_migrations`.execute(conn.db);
      expect(recorded.rows[0]!.n).toBe(files.length);
    } finally {
      await other.close();
      await conn.close();
    }
  });
});
