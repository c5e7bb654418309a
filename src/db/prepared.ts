import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';

const MARK = '/* prepared:';

/**
 * Put first in a `sql` template to have pg connections send the statement as a named prepared
 * statement: parsed once per connection, and its plan cached by Postgres. Only for hot
 * statements whose text is fixed for the name (parameters carry everything that varies).
 * PGlite ignores the comment.
 */
export const prepared = (name: string): RawBuilder<unknown> => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`prepared statement name must be snake_case: ${name}`);
  return sql.raw(`${MARK}${name} */ `);
};

type Query = (text: unknown, values?: unknown) => unknown;

/** Makes every client of `pool` send marked statements (see `prepared`) under their name. */
export function preparingPool(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as Query;
    const patched: Query = (text, values) => {
      if (typeof text !== 'string' || !text.startsWith(MARK)) return query(text, values);
      const name = text.slice(MARK.length, text.indexOf(' */'));
      return query({ name, text, values });
    };
    (client as unknown as { query: Query }).query = patched;
  });
  return pool;
}
