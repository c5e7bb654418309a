import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { rebuildSearch } from '../../src/db/conversations-write.js';
import { DEMO_METRICS } from '../../src/demo/causes.js';
import { generateDemo } from '../../src/demo/generate.js';
import { seedDemoIfEmpty } from '../../src/demo/seed.js';
import { startupBanner } from '../../src/runtime/banner.js';
import { fixedClock, testEnv } from '../support/deps.js';

const clock = fixedClock(new Date('2026-06-15T12:00:00Z'));
const env = await testEnv({ clock }, { SIFT_DEMO: 'true' });
const count = (table: 'conversations' | 'conversation_turns' | 'metric_writes') =>
  env.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));

describe('demo seed', () => {
  it('does nothing when SIFT_DEMO=false', async () => {
    const off = { ...env.deps, config: loadConfig({ SIFT_DEMO: 'false' }) };
    expect(await seedDemoIfEmpty(off, env.workspaceId)).toBeNull();
    expect(await count('conversations')).toBe(0);
  });

  // seeding 3,000 calls takes seconds; on a loaded machine much longer
  it('seeds the demo project on an empty store, with every turn, write and effective value', { timeout: 180_000 }, async () => {
    const info = await seedDemoIfEmpty(env.deps, env.workspaceId);
    expect(info).toEqual({ projectSlug: 'demo', conversations: 3000 });

    const data = generateDemo({ seed: 42, now: clock.now() });
    expect(await count('conversations')).toBe(3000);
    expect(await count('conversation_turns')).toBe(data.conversations.reduce((s, c) => s + c.turns.length, 0));
    expect(await count('metric_writes')).toBe(data.conversations.reduce((s, c) => s + c.writes.length, 0));

    const rows = await env.deps.db
      .selectFrom('conversation_metrics as cm')
      .innerJoin('metric_definitions as d', 'd.id', 'cm.metric_id')
      .select(['cm.conversation_id', 'd.name', 'cm.value_text', 'cm.value_num'])
      .execute();
    const stored = new Map(rows.map((r) => [`${r.conversation_id}|${r.name}`, r.value_num ?? r.value_text]));
    const expected = new Map(data.conversations.flatMap((c) => Object.entries(c.metrics).map(([k, v]) => [`${c.id}|${k}`, typeof v === 'number' ? v : String(v)])));
    expect(stored).toEqual(expected);
  });

  it('leaves a store that already has a project alone', async () => {
    expect(await seedDemoIfEmpty(env.deps, env.workspaceId)).toBeNull();
    expect(await count('conversations')).toBe(3000);
  });

  it('serves the demo through the API: definitions, filters and transcript search', async () => {
    const metrics = await (await env.call('GET', '/v1/projects/demo/metrics')).json();
    expect(metrics.data.map((m: { name: string }) => m.name).sort()).toEqual(DEMO_METRICS.map((m) => m.name).sort());
    const failed = await env.call('GET', '/v1/projects/demo/conversations?limit=5&metric%5BAuth%3A%20verified%5D=false');
    expect(failed.status).toBe(200);
    const page = await failed.json();
    expect(page.data).toHaveLength(5);
    for (const c of page.data) expect(c.metrics['Auth: verified']).toBe(false);
    const declined = await (await env.call('GET', '/v1/projects/demo/conversations?limit=3&query=declined')).json();
    expect(declined.data.length).toBeGreaterThan(0);
  });

  it('stores the same search vectors as the per-conversation ingest', async () => {
    const ids = ['call-00001', 'call-01500', 'call-03000'];
    const read = () =>
      env.deps.db.selectFrom('conversation_search').select(['conversation_id', sql<string>`all_tsv::text`.as('a'), sql<string>`user_tsv::text`.as('u'), sql<string>`agent_tsv::text`.as('g')])
        .where('conversation_id', 'in', ids).orderBy('conversation_id').execute();
    const seeded = await read();
    const project = await env.deps.db.selectFrom('projects').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
    for (const id of ids) await rebuildSearch(env.deps.db, project.id, id);
    expect(await read()).toEqual(seeded);
    expect(seeded).toHaveLength(3);
  });

  it("runs the banner's curl commands as printed", async () => {
    const banner = startupBanner({ url: 'http://localhost:8787', adminKey: env.adminKey, demo: { projectSlug: 'demo', conversations: 3000 }, driver: 'pglite' });
    const commands = banner.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('curl '));
    expect(commands).toHaveLength(3);
    for (const line of commands) {
      const { url, init } = parseCurl(line);
      const res = await env.app.request(url.replace('http://localhost:8787', ''), init);
      expect(res.status, line).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
    }
  });
});

/** Splits a printed curl command the way a POSIX shell would (single and double quotes). */
function parseCurl(line: string): { url: string; init: RequestInit } {
  const words: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  let url = '';
  let method: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-H') {
      const [k, ...v] = words[++i]!.split(':');
      headers[k!.trim().toLowerCase()] = v.join(':').trim();
    } else if (w === '-d') body = words[++i];
    else if (w === '-X') method = words[++i];
    else if (w.startsWith('-')) continue;
    else url = w;
  }
  return { url, init: { method: method ?? (body ? 'POST' : 'GET'), headers, ...(body ? { body } : {}) } };
}
