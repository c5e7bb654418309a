import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/deps.js';
import { defineMetric, makeKey, makeProject, putConversation, write } from './fixtures.js';

// The NDJSON export prints its lines in SQL (conversations-ndjson.ts), the list shapes objects
// in JavaScript (shape.ts): every kind of value and every visibility must come out the same.
const env = await testEnv();
const p = await makeProject(env, 'parity');
const base = '/v1/projects/parity/conversations';
const tricky = ['say "hi"', 'back\\slash', 'tab\there\nnew line', 'ctl \u0001\u001f', 'café 日本 🎉', '</script>', 'ok'];
await defineMetric(env, p, 'Ok', 'boolean');
await defineMetric(env, p, 'Outcome "quoted"', 'categorical', tricky);
await defineMetric(env, p, 'Score', 'numeric');
// a custom metric named like a built-in one replaces it where a conversation has a value
await defineMetric(env, p, 'CALL_COMPLETED', 'categorical', ['custom']);
await defineMetric(env, p, 'Old', 'boolean');

await putConversation(env, p, 'full', {
  started_at: '2026-05-01T10:00:00.123456Z',
  ended_at: '2026-05-01T10:03:00.5Z',
  channel: 'voice',
  in_progress: false,
  handoff: { to: 'billing "desk"', reason: 'asked for a human\n(twice)' },
  state: { step: 'verify', nested: { list: [1, 2.5, null, true], text: 'ünï\u0007code?' } },
  metadata: { 'key with "quotes"': 'value\u2028line' },
  turns: [
    { role: 'user', text: 'Hello, "agent"\n\tsecond line', at: '2026-05-01T10:00:01.999Z', name: 'Caller' },
    { role: 'agent', text: '<b>not html</b> \\ done' },
  ],
});
await putConversation(env, p, 'ends-before-start', { started_at: '2026-05-01T09:00:00Z', ended_at: '2026-05-01T09:00:01Z', turns: [] });
// the API refuses an end before the start; a row can still hold one (clocks differ): it counts 0 s
await env.deps.db.updateTable('conversations').set({ ended_at: new Date('2026-05-01T08:59:59Z') }).where('id', '=', 'ends-before-start').execute();
await putConversation(env, p, 'live', { started_at: '2026-05-01T08:00:00Z', in_progress: true, channel: 'chat', turns: [{ role: 'user', text: 'hi' }] });
for (const [i, value] of tricky.entries()) {
  const id = `t${i}`;
  await putConversation(env, p, id, { started_at: `2026-04-0${i + 1}T00:00:00Z`, turns: [] });
  await write(env, p, id, 'Outcome "quoted"', value);
  await write(env, p, id, 'Score', [0.1, 1e21, -3.5, 1e-7, 0, 123456789.125, 2 ** 53][i]);
  await write(env, p, id, 'Ok', i % 2 === 0);
}
// written more than once: the list of values not ignored, in write order
await write(env, p, 'full', 'Ok', true, { writeOnce: false });
await write(env, p, 'full', 'Ok', false);
await write(env, p, 'full', 'Score', 4, { writeOnce: true });
await write(env, p, 'full', 'Score', 5); // ignored: locked
await write(env, p, 'full', 'CALL_COMPLETED', 'custom');
await write(env, p, 'live', 'Old', true);
await env.deps.db.updateTable('metric_definitions').set({ archived_at: new Date() }).where('name', '=', 'Old').execute();
// a conversation a metric write created, with no transcript yet
await write(env, p, 'written-first', 'Ok', true);

const keys = {
  admin: env.adminKey,
  read: await makeKey(env, ['conversations:read']),
  transcriptsOnly: await makeKey(env, ['transcripts:read']),
};

async function both(key: string) {
  const list = await env.call('GET', `${base}?limit=1000`, undefined, key);
  const exp = await env.call('GET', `${base}/export?format=ndjson`, undefined, key);
  return { status: [list.status, exp.status], list: list.status === 200 ? ((await list.json()) as { data: unknown[] }).data : [], lines: exp.status === 200 ? (await exp.text()).split('\n') : [] };
}

describe('NDJSON export lines equal the list objects', () => {
  for (const [config, body] of [
    ['every metric and transcripts', { response_metrics: 'all', transcripts: true }],
    ['some metrics, no transcripts', { response_metrics: ['Score', 'CALL_COMPLETED'], transcripts: false }],
  ] as const) {
    it(`with ${config}, for each key`, async () => {
      expect((await env.call('PUT', '/v1/projects/parity/api-config', body)).status).toBe(200);
      let compared = 0;
      for (const key of Object.values(keys)) {
        const got = await both(key);
        if (got.status[0] !== 200) {
          expect(got.status[1]).toBe(got.status[0]);
          continue;
        }
        expect(got.lines.at(-1)).toBe(''); // every line ends with a newline
        const objects = got.lines.slice(0, -1).map((l) => JSON.parse(l) as unknown);
        expect(objects).toEqual(got.list);
        expect(objects).toHaveLength(11);
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(2);
    });
  }

  it('prints what a reader needs to see exactly', async () => {
    expect((await env.call('PUT', '/v1/projects/parity/api-config', { response_metrics: 'all', transcripts: true })).status).toBe(200);
    const lines = (await (await env.call('GET', `${base}/export`)).text()).trim().split('\n');
    const byId = new Map(lines.map((l) => [(JSON.parse(l) as { id: string }).id, JSON.parse(l) as Record<string, unknown>]));
    const full = byId.get('full')!;
    expect(full.started_at).toBe('2026-05-01T10:00:00.123Z');
    expect(full.ended_at).toBe('2026-05-01T10:03:00.500Z');
    expect(full.total_duration).toBe(180.377);
    expect(full.metrics).toMatchObject({ Ok: [true, false], Score: 4, CALL_COMPLETED: 'custom', HANDOFF_TO: 'billing "desk"' });
    // once: a parser keeping the last of two equal keys would hide a duplicate
    expect(lines.find((l) => l.includes('"id":"full"'))!.match(/"CALL_COMPLETED"/g)).toHaveLength(1);
    expect(byId.get('ends-before-start')!.total_duration).toBe(0);
    expect(byId.get('live')!.total_duration).toBeNull();
    expect(byId.get('live')!.metrics).toMatchObject({ CALL_COMPLETED: false, CALL_IN_PROGRESS: true, Old: true });
    expect((byId.get('t5')!.metrics as Record<string, unknown>).Score).toBe(123456789.125);
  });
});
