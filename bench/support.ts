import pg from 'pg';

/** Runs one statement on `server`'s own database: creating and dropping a benchmark's database. */
export async function onServer(server: string, statement: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** The q-quantile (0 to 1) of xs, by rank. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
