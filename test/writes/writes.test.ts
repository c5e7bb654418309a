import { describe, expect, it } from 'vitest';
import { fixedClock, testEnv } from '../support/deps.js';

const clock = fixedClock(new Date('2026-06-15T12:00:00Z'));
const env = await testEnv({ clock });
await env.call('POST', '/v1/projects', { slug: 'writes', name: 'Writes' });
for (const m of [
  { name: 'Auth: verified', type: 'boolean' },
  { name: 'Auth: outcome', type: 'categorical', categories: ['verified', 'failed', 'partial'] },
  { name: 'CSAT: score', type: 'numeric', min: 1, max: 5 },
  { name: 'Booking: completed', type: 'boolean' },
]) {
  expect((await env.call('POST', '/v1/projects/writes/metrics', m)).status).toBe(201);
}
const db = env.deps.db;
const url = (conv: string) => `/v1/projects/writes/conversations/${encodeURIComponent(conv)}/metrics`;
const write = (conv: string, body: object, headers: Record<string, string> = {}) => env.call('POST', url(conv), body, undefined, headers);

async function effective(conv: string, name: string) {
  return db
    .selectFrom('conversation_metrics as cm')
    .innerJoin('metric_definitions as d', 'd.id', 'cm.metric_id')
    .select(['cm.value_text', 'cm.value_num', 'cm.write_count', 'cm.locked'])
    .where('cm.conversation_id', '=', conv)
    .where('d.name', '=', name)
    .executeTakeFirst();
}
const history = (conv: string) =>
  db.selectFrom('metric_writes').select(['id', 'value', 'source', 'write_once', 'ignored', 'written_at']).where('conversation_id', '=', conv).orderBy('id').execute();

describe('value rules', () => {
  it('records true for a boolean written without a value, and accepts false', async () => {
    const res = await write('v1', { name: 'Auth: verified' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'Auth: verified', value: true, ignored: false, conversation_id: 'v1' });
    expect(await effective('v1', 'Auth: verified')).toMatchObject({ value_text: 'true' });
    await write('v1', { name: 'Auth: verified', value: false });
    expect(await effective('v1', 'Auth: verified')).toMatchObject({ value_text: 'false', write_count: 2 });
  });

  it.each([
    [{ name: 'Auth: verified', value: 'yes' }, '/body/value', 'true or false'],
    [{ name: 'Auth: verified', value: 1 }, '/body/value', 'true or false'],
    [{ name: 'Auth: outcome', value: 'maybe' }, '/body/value', '"verified", "failed", "partial"'],
    [{ name: 'Auth: outcome' }, '/body/value', 'required'],
    [{ name: 'Auth: outcome', value: true }, '/body/value', 'one of'],
    [{ name: 'CSAT: score', value: 6 }, '/body/value', 'at most 5'],
    [{ name: 'CSAT: score', value: 0.5 }, '/body/value', 'at least 1'],
    [{ name: 'CSAT: score', value: '4' }, '/body/value', 'finite number'],
    [{ name: 'CSAT: score' }, '/body/value', 'required'],
  ])('refuses %j with 422 at %s', async (body, pointer, text) => {
    const res = await write('bad', body);
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.errors[0].pointer).toBe(pointer);
    expect(problem.detail).toContain(text);
    expect(await history('bad')).toHaveLength(0);
  });

  it('lists the allowed categories in the error', async () => {
    const problem = await (await write('bad', { name: 'Auth: outcome', value: 'nope' })).json();
    expect(problem.errors[0].allowed).toEqual(['verified', 'failed', 'partial']);
  });

  it('answers an unknown metric with 422 naming the closest known names', async () => {
    const res = await write('bad', { name: 'auth verified' });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.errors[0]).toMatchObject({ pointer: '/body/name' });
    expect(problem.errors[0].closest[0]).toBe('Auth: verified');
    expect(problem.detail).toContain('"Auth: verified"');
  });

  it('validates the body shape with 400 and pointers', async () => {
    const res = await write('bad', { name: 'Auth: verified', value: { a: 1 }, extra: 1 });
    expect(res.status).toBe(400);
    const ptrs = (await res.json()).errors.map((e: { pointer: string }) => e.pointer);
    expect(ptrs).toEqual(expect.arrayContaining(['/body/value']));
    expect((await write('bad', {})).status).toBe(400);
  });
});

describe('history, conversations and the effective value', () => {
  it('creates the conversation on a write that arrives before the transcript', async () => {
    clock.set(new Date('2026-06-15T12:30:00Z'));
    expect((await write('live-1', { name: 'Booking: completed', source: 'booking_flow' })).status).toBe(201);
    const conv = await db.selectFrom('conversations').selectAll().where('id', '=', 'live-1').executeTakeFirstOrThrow();
    expect(conv.started_at.toISOString()).toBe('2026-06-15T12:30:00.000Z');
    expect(conv.ingested).toBe(false);
    const cm = await db.selectFrom('conversation_metrics').selectAll().where('conversation_id', '=', 'live-1').executeTakeFirstOrThrow();
    expect(cm.started_at.toISOString()).toBe(conv.started_at.toISOString());
    expect(cm.sample_key).toBe(conv.sample_key);
  });

  it('keeps every write in order with its time and source; the last one is effective', async () => {
    clock.set(new Date('2026-06-15T13:00:00Z'));
    await write('rep', { name: 'CSAT: score', value: 2, source: 'survey' });
    clock.advance(1000);
    await write('rep', { name: 'CSAT: score', value: 5, source: 'survey-retry' });
    clock.advance(1000);
    await write('rep', { name: 'CSAT: score', value: 3 });
    const rows = await history('rep');
    expect(rows.map((r) => [r.value, r.source, r.written_at.toISOString()])).toEqual([
      [2, 'survey', '2026-06-15T13:00:00.000Z'],
      [5, 'survey-retry', '2026-06-15T13:00:01.000Z'],
      [3, null, '2026-06-15T13:00:02.000Z'],
    ]);
    expect(await effective('rep', 'CSAT: score')).toMatchObject({ value_num: 3, value_text: null, write_count: 3, locked: false });
  });
});

describe('write_once', () => {
  it('is ignored (and says so) when the metric already has a value', async () => {
    await write('once-a', { name: 'Auth: outcome', value: 'failed' });
    const res = await write('once-a', { name: 'Auth: outcome', value: 'verified', write_once: true });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ ignored: true, ignored_reason: 'write_once_existing_value', write_once: true });
    expect(body.ignored_detail).toContain('already has a value');
    expect(await effective('once-a', 'Auth: outcome')).toMatchObject({ value_text: 'failed', locked: false });
    expect((await history('once-a')).map((r) => r.ignored)).toEqual([false, true]);
    // an ordinary write still replaces the unlocked value
    await write('once-a', { name: 'Auth: outcome', value: 'partial' });
    expect(await effective('once-a', 'Auth: outcome')).toMatchObject({ value_text: 'partial', write_count: 2 });
  });

  it('locks the value once applied: later writes of that name are ignored', async () => {
    const first = await (await write('once-b', { name: 'Auth: outcome', value: 'verified', write_once: true })).json();
    expect(first.ignored).toBe(false);
    const later = await (await write('once-b', { name: 'Auth: outcome', value: 'failed' })).json();
    expect(later).toMatchObject({ ignored: true, ignored_reason: 'locked' });
    const again = await (await write('once-b', { name: 'Auth: outcome', value: 'partial', write_once: true })).json();
    expect(again).toMatchObject({ ignored: true, ignored_reason: 'locked' });
    expect(await effective('once-b', 'Auth: outcome')).toMatchObject({ value_text: 'verified', locked: true, write_count: 1 });
    expect((await history('once-b')).map((r) => [r.value, r.ignored])).toEqual([
      ['verified', false],
      ['failed', true],
      ['partial', true],
    ]);
    // other metrics on the same conversation are not affected
    expect((await (await write('once-b', { name: 'CSAT: score', value: 4 })).json()).ignored).toBe(false);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response and writes nothing twice', async () => {
    const h = { 'idempotency-key': 'retry-1' };
    const a = await write('idem', { name: 'CSAT: score', value: 4 }, h);
    const b = await write('idem', { name: 'CSAT: score', value: 4 }, h);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(await b.json()).toEqual(await a.json());
    expect(await history('idem')).toHaveLength(1);
    expect(await effective('idem', 'CSAT: score')).toMatchObject({ write_count: 1 });
  });

  it('refuses the same key with a different body (422)', async () => {
    const h = { 'idempotency-key': 'retry-2' };
    await write('idem2', { name: 'CSAT: score', value: 4 }, h);
    const other = await write('idem2', { name: 'CSAT: score', value: 5 }, h);
    expect(other.status).toBe(422);
    expect((await other.json()).detail).toContain('different request');
    expect(await history('idem2')).toHaveLength(1);
  });

  it('lets a failed request be retried with the same key', async () => {
    const h = { 'idempotency-key': 'retry-3' };
    expect((await write('idem3', { name: 'CSAT: score', value: 9 }, h)).status).toBe(422);
    expect((await write('idem3', { name: 'CSAT: score', value: 9 }, h)).status).toBe(422);
    expect(await history('idem3')).toHaveLength(0);
  });
});

describe('access', () => {
  it('needs metrics:write on a project the key can see', async () => {
    const reader = (await (await env.call('POST', '/v1/keys', { name: 'r', scopes: ['conversations:read'] })).json()).secret;
    const writer = (await (await env.call('POST', '/v1/keys', { name: 'w', scopes: ['metrics:write'] })).json()).secret;
    expect((await env.call('POST', url('acc'), { name: 'Auth: verified' }, reader)).status).toBe(403);
    expect((await env.call('POST', url('acc'), { name: 'Auth: verified' }, writer)).status).toBe(201);
    await env.call('POST', '/v1/projects', { slug: 'elsewhere', name: 'E' });
    const fenced = (await (await env.call('POST', '/v1/keys', { name: 'f', scopes: ['metrics:write'], projects: ['elsewhere'] })).json()).secret;
    expect((await env.call('POST', url('acc'), { name: 'Auth: verified' }, fenced)).status).toBe(404);
  });
});
