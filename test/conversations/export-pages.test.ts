import { describe, expect, it } from 'vitest';
import { ndjsonPages } from '../../src/conversations/export-ndjson.js';
import { ListQuery, resolveListQuery, type ListCriteria } from '../../src/conversations/list-params.js';
import { listMetricDefs } from '../../src/db/metrics.js';
import type { NdjsonShape } from '../../src/db/conversations-ndjson.js';
import { testEnv } from '../support/deps.js';
import { defineMetric, makeProject, write } from './fixtures.js';

// The NDJSON export reads keyset ranges whose ends a walk found, several at once
// (export-ndjson.ts). Pages of 3 rows, a walk of 2 pages and 2 pages in flight make every
// boundary of that machinery show with a few dozen conversations.
const env = await testEnv();
const p = await makeProject(env, 'pager');
await defineMetric(env, p, 'Flag', 'boolean');
const db = env.deps.db;
const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 12, minute));
const add = (ids: string[], minute: (i: number) => number) =>
  db.insertInto('conversations').values(ids.map((id, i) => ({ project_id: p.id, id, started_at: at(minute(i)), ingested: true }))).execute();

// 25 conversations, three to a minute: the id breaks ties inside a minute
const ids = Array.from({ length: 25 }, (_, i) => `c${String(i).padStart(2, '0')}`);
await add(ids, (i) => 100 + Math.floor(i / 3));
for (const id of ids.filter((_, i) => i % 2 === 0)) await write(env, p, id, 'Flag', true);
const listOrder = [...ids].reverse();

const defs = await listMetricDefs(db, p.id, { includeArchived: true });
const criteriaFor = (query: Record<string, string>): ListCriteria => resolveListQuery(ListQuery.parse(query), defs).criteria;
const criteria = criteriaFor({});
const shape: NdjsonShape = { metrics: [], builtins: true, turns: false, withheld: '{}' };
const small = { page: 3, ahead: 2, walk: 2 };

/** Every line's id, and how many pages it took. */
async function drain(pages: ReturnType<typeof ndjsonPages>, between?: (page: number) => Promise<void>) {
  const out: string[] = [];
  let n = 0;
  for (let text = await pages.next(); text !== null; text = await pages.next()) {
    for (const line of text.split('\n').filter(Boolean)) out.push((JSON.parse(line) as { id: string }).id);
    if (between) await between(++n);
  }
  return out;
}

describe('NDJSON export pages', () => {
  it('sends every row once, in list order, across walks, ranges and the tail', async () => {
    expect(await drain(ndjsonPages(db, p.id, criteria, null, Infinity, shape, small))).toEqual(listOrder);
    // one page, and a walk that finds nothing
    expect(await drain(ndjsonPages(db, p.id, criteria, null, Infinity, shape, { page: 100, ahead: 2, walk: 8 }))).toEqual(listOrder);
    expect(await drain(ndjsonPages(db, p.id, criteriaFor({ environment: 'sandbox' }), null, Infinity, shape, small))).toEqual([]);
  });

  it('stops at max_rows, on a page boundary or inside a page', async () => {
    for (const max of [1, 6, 7, 24, 25, 26]) {
      expect(await drain(ndjsonPages(db, p.id, criteria, null, max, shape, small))).toEqual(listOrder.slice(0, max));
    }
  });

  it('starts after a cursor and keeps the filters', async () => {
    const after = { t: at(100 + 7).toISOString().replace('Z', '000Z'), id: 'c21' };
    expect(await drain(ndjsonPages(db, p.id, criteria, after, Infinity, shape, small))).toEqual(listOrder.slice(listOrder.indexOf('c21') + 1));
    // a filtered export reads page after page, the list's query, without walking
    let walks = 0;
    const spied = db.withPlugin({
      transformQuery: (a) => a.node,
      transformResult: async (a) => {
        if (a.result.rows.every((r) => Object.keys(r as object).join() === 'id,cursor_t')) walks++;
        return a.result;
      },
    });
    for (const max of [Infinity, 4, 6]) {
      const got = await drain(ndjsonPages(spied, p.id, criteriaFor({ 'metric[Flag]': 'true' }), null, max, shape, small));
      expect(got).toEqual(listOrder.filter((id) => Number(id.slice(1)) % 2 === 0).slice(0, max));
    }
    expect(walks).toBe(0);
  });

  it('rows added while it runs: none twice, none of the old ones missed, and those still ahead included', async () => {
    const pager = await makeProject(env, 'pager-live');
    const base = Array.from({ length: 20 }, (_, i) => `b${String(i).padStart(2, '0')}`);
    await db.insertInto('conversations').values(base.map((id, i) => ({ project_id: pager.id, id, started_at: at(200 + i), ingested: true }))).execute();
    let added: string[] = [];
    const got = await drain(ndjsonPages(db, pager.id, criteria, null, Infinity, shape, small), async (page) => {
      if (page !== 1) return;
      // after the first page: rows older than everything (in the tail), and rows inside ranges
      // already walked but not yet read, and a row newer than everything (already passed)
      added = ['z-old-1', 'z-old-2', 'z-old-3', 'z-old-4', 'z-mid', 'z-new'];
      const minutes = [1, 2, 3, 4, 200 + 10.5, 300];
      await db.insertInto('conversations').values(added.map((id, i) => ({ project_id: pager.id, id, started_at: at(minutes[i]!), ingested: true }))).execute();
    });
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(expect.arrayContaining(base));
    expect(got).toEqual(expect.arrayContaining(['z-old-1', 'z-old-2', 'z-old-3', 'z-old-4', 'z-mid']));
    expect(got).not.toContain('z-new');
    expect(got.slice(-4)).toEqual(['z-old-4', 'z-old-3', 'z-old-2', 'z-old-1']);
  });

  it('a tail that fills up after the walk goes on from its last row', async () => {
    const pager = await makeProject(env, 'pager-tail');
    const rows = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    await db.insertInto('conversations').values(rows.map((id, i) => ({ project_id: pager.id, id, started_at: at(300 - i), ingested: true }))).execute();
    // the second walk comes back empty, as if the rows after the sixth had arrived after it:
    // the tail read (3 rows at most) then finds a full page
    let walks = 0;
    const spied = db.withPlugin({
      transformQuery: (a) => a.node,
      transformResult: async (a) => {
        const isWalk = a.result.rows.every((r) => Object.keys(r as object).join() === 'id,cursor_t');
        return isWalk && ++walks === 2 ? { ...a.result, rows: [] } : a.result;
      },
    });
    expect(await drain(ndjsonPages(spied, pager.id, criteria, null, Infinity, shape, small))).toEqual(rows);
    expect(walks).toBe(2);
  });
});
