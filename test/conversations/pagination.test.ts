import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/conversations/cursor.js';
import { testEnv } from '../support/deps.js';
import { defineMetric, getJson, makeProject, putConversation, write, type ListBody } from './fixtures.js';

const env = await testEnv();
const p = await makeProject(env, 'pages');
const base = '/v1/projects/pages/conversations';
await defineMetric(env, p, 'Flag', 'boolean');

const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 12, minute)).toISOString();

// 25 conversations; several share a start time so the id tie-break matters.
for (let i = 0; i < 25; i++) {
  await putConversation(env, p, `c${String(i).padStart(2, '0')}`, { started_at: at(Math.floor(i / 3)) });
  if (i % 2 === 0) await write(env, p, `c${String(i).padStart(2, '0')}`, 'Flag', true);
}

async function page(url: string) {
  const r = await getJson<ListBody>(env, url);
  expect(r.status).toBe(200);
  return r.body;
}

describe('keyset pagination', () => {
  it('orders by started_at desc then id desc', async () => {
    const all = await page(`${base}?limit=1000`);
    const expected = all.data.map((d) => d.id);
    expect(expected.slice(0, 4)).toEqual(['c24', 'c23', 'c22', 'c21']);
    expect(expected).toHaveLength(25);
    expect(all.next_cursor).toBeNull();
  });

  it('has no duplicates and no gaps when rows are inserted between pages', async () => {
    const seen: string[] = [];
    let body = await page(`${base}?limit=4`);
    seen.push(...body.data.map((d) => d.id));
    const cutoff = body.data.at(-1)!.id;
    let n = 0;
    while (body.next_cursor) {
      // newer rows (before the cursor) and older rows (after it), including a tie on started_at
      await putConversation(env, p, `new${n}`, { started_at: at(30 + n) });
      await putConversation(env, p, `old${n}`, { started_at: at(-10 - n) });
      await putConversation(env, p, `c00z${n}`, { started_at: at(0) });
      n++;
      body = await page(`${base}?limit=4&cursor=${body.next_cursor}`);
      seen.push(...body.data.map((d) => d.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    const original = Array.from({ length: 25 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    for (const id of original) expect(seen).toContain(id);
    // every row older than the first page's last row that existed by the end was reached
    expect(seen.filter((id) => id.startsWith('old'))).toHaveLength(n);
    expect(seen.filter((id) => id.startsWith('new'))).toHaveLength(0);
    expect(seen.indexOf(cutoff)).toBe(3);
  });

  it('pages a metric-filtered list the same way', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const body: ListBody = await page(`${base}?metric[Flag]=true&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body.data.length).toBeLessThanOrEqual(3);
      ids.push(...body.data.map((d) => d.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(ids).toHaveLength(13);
    expect(ids.every((id) => Number(id.slice(1)) % 2 === 0)).toBe(true);
  });

  it('keeps microsecond start times exact across pages', async () => {
    await env.deps.db
      .insertInto('conversations')
      .values([
        { project_id: p.id, id: 'mu1', started_at: '2020-01-01T00:00:00.000001Z', environment: 'sandbox' },
        { project_id: p.id, id: 'mu2', started_at: '2020-01-01T00:00:00.000002Z', environment: 'sandbox' },
        { project_id: p.id, id: 'mu3', started_at: '2020-01-01T00:00:00.000003Z', environment: 'sandbox' },
      ])
      .execute();
    const ids: string[] = [];
    let body = await page(`${base}?environment=sandbox&limit=1`);
    ids.push(...body.data.map((d) => d.id));
    while (body.next_cursor) {
      body = await page(`${base}?environment=sandbox&limit=1&cursor=${body.next_cursor}`);
      ids.push(...body.data.map((d) => d.id));
    }
    expect(ids).toEqual(['mu3', 'mu2', 'mu1']);
  });

  it('answers a malformed cursor with 400', async () => {
    for (const bad of ['nope!', 'eyJ4IjoxfQ', encodeCursor({ t: 'yesterday', id: 'x' }), 'W10']) {
      const res = await env.call('GET', `${base}?cursor=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as { errors: { pointer: string }[] };
      expect(body.errors[0]!.pointer).toBe('/query/cursor');
    }
  });
});
