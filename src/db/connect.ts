import { Kysely, PostgresDialect } from 'kysely';
import { preparingPool } from './prepared.js';
import type { Database } from './schema.js';

export type DB = Kysely<Database>;

export interface Connection {
  db: DB;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** Opens Postgres over pg when a URL is given, otherwise embedded PGlite (data dir or memory://). */
export async function connect(opts: { databaseUrl?: string | undefined; dataDir: string; poolSize?: number; preparedStatements?: boolean }): Promise<Connection> {
  if (opts.databaseUrl) {
    const pg = await import('pg');
    // int8 and numeric come back as JS numbers: counts here never approach 2^53.
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    pg.default.types.setTypeParser(1700, (v: string) => Number(v));
    // JIT compilation costs seconds on large write statements and never pays back on OLTP queries.
    const pool = new pg.default.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, options: '-c jit=off' });
    if (opts.preparedStatements !== false) preparingPool(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, driver: 'postgres', close: () => db.destroy() };
  }
  const { PGlite, types } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('./pglite-dialect.js');
  const dataDir = opts.dataDir === 'memory://' ? undefined : opts.dataDir;
  if (dataDir) {
    const fs = await import('node:fs');
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const pg = await PGlite.create(dataDir, {
    parsers: {
      [types.INT8]: (v: string) => Number(v),
      [types.NUMERIC]: (v: string) => Number(v),
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  return { db, driver: 'pglite', close: () => db.destroy() };
}
