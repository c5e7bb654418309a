import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cell, neutralise } from '../../src/conversations/csv.js';
import { testEnv } from '../support/deps.js';
import { allIds, defineMetric, makeKey, makeProject, putConversation, write } from './fixtures.js';

const env = await testEnv();
const p = await makeProject(env, 'exp');
const base = '/v1/projects/exp/conversations';
await defineMetric(env, p, 'Ok', 'boolean');
await defineMetric(env, p, 'Outcome', 'categorical', ['=cmd|calc', 'plain', 'has,comma', 'has "quote"', 'multi\nline', '-1+2', '@SUM(A1)', 'café ünïcødé 日本 🎉']);
await defineMetric(env, p, 'Score', 'numeric');

// 2,350 conversations: more than two export pages, with a mix of values
const rows = Array.from({ length: 2350 }, (_, i) => ({
  project_id: p.id,
  id: `e${String(i).padStart(5, '0')}`,
  started_at: new Date(Date.UTC(2026, 4, 1) + i * 60_000).toISOString(),
  channel: i % 3 === 0 ? 'voice' : 'chat',
  ingested: true,
}));
for (let i = 0; i < rows.length; i += 500) await env.deps.db.insertInto('conversations').values(rows.slice(i, i + 500)).execute();
const { applyWrites } = await import('../../src/metrics/write.js');
const writes = rows.filter((_, i) => i % 2 === 0).map((r, i) => ({ conversationId: r.id, name: 'Ok', value: i % 4 === 0 }));
for (let i = 0; i < writes.length; i += 1000) await applyWrites(env.deps.db, p.id, writes.slice(i, i + 1000));

await putConversation(env, p, 'tricky', {
  started_at: '2027-01-01T00:00:00Z',
  handoff: { to: '=HYPERLINK("http://x")', reason: 'line1\nline2, "quoted"' },
  turns: [
    { role: 'user', text: 'café, "quoted"\nnew line' },
    { role: 'agent', text: '+SUM(1)' },
  ],
});
await write(env, p, 'tricky', 'Outcome', '=cmd|calc');
await write(env, p, 'tricky', 'Outcome', 'café ünïcødé 日本 🎉');
await write(env, p, 'tricky', 'Score', -3.5);

/** A minimal RFC 4180 parser, strict about quoting, to check what a spreadsheet would read. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    out.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endRow();
      i++;
    } else if (ch === '\n') throw new Error(`bare LF outside quotes at ${i}`);
    else field += ch;
  }
  if (field !== '' || row.length) throw new Error('missing final CRLF');
  return out;
}

describe('export', () => {
  it('returns exactly what the list returns, for the same filters', async () => {
    for (const q of ['', 'channel=voice', 'metric[Ok]=true', `filter=${encodeURIComponent('[{"metric":"Ok","op":"not_exists"}]')}`]) {
      const listed = await allIds(env, `${base}?limit=1000${q ? `&${q}` : ''}`);
      const res = await env.call('GET', `${base}/export?format=ndjson${q ? `&${q}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
      const lines = (await res.text()).split('\n').filter(Boolean);
      const exported = lines.map((l) => (JSON.parse(l) as { id: string }).id);
      expect(exported).toEqual(listed);
      expect(exported.length).toBeGreaterThan(0);
      const csv = parseCsv(await (await env.call('GET', `${base}/export?format=csv${q ? `&${q}` : ''}`)).text());
      expect(csv.slice(1).map((r) => r[0])).toEqual(listed);
    }
  });

  it('NDJSON objects equal the list objects', async () => {
    const list = (await (await env.call('GET', `${base}?limit=5`)).json()) as { data: unknown[] };
    const lines = (await (await env.call('GET', `${base}/export?max_rows=5`)).text()).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(list.data);
  });

  it('writes wide CSV: one column per metric, repeats joined with |, escaped and neutralised, UTF-8', async () => {
    const res = await env.call('GET', `${base}/export?format=csv&start_time=2027-01-01T00:00:00Z`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const [header, row] = parseCsv(text);
    expect(header).toEqual(expect.arrayContaining(['id', 'Ok', 'Outcome', 'Score', 'CALL_COMPLETED', 'turns']));
    const get = (name: string) => row![header!.indexOf(name)];
    expect(get('Outcome')).toBe("'=cmd|calc|café ünïcødé 日本 🎉");
    expect(get('Score')).toBe('-3.5');
    expect(get('Ok')).toBe('');
    expect(get('handoff_destination')).toBe(`'=HYPERLINK("http://x")`);
    expect(get('handoff_reason')).toBe('line1\nline2, "quoted"');
    expect(get('turns')).toBe('user: café, "quoted"\nnew line\nagent: +SUM(1)');
  });

  it('neutralises every formula prefix and quotes per RFC 4180', () => {
    for (const s of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx']) expect(neutralise(s).startsWith("'")).toBe(true);
    expect(neutralise('plain')).toBe('plain');
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell('two\nlines')).toBe('"two\nlines"');
    expect(cell('=x,y')).toBe(`"'=x,y"`);
    expect(cell(-2)).toBe('-2');
    expect(cell(null)).toBe('');
  });

  it('gzips when Accept-Encoding allows it, and not when q=0', async () => {
    const plain = await (await env.call('GET', `${base}/export`)).text();
    const gz = await env.call('GET', `${base}/export`, undefined, undefined, { 'accept-encoding': 'br;q=1, gzip;q=0.8' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(plain);
    const no = await env.call('GET', `${base}/export`, undefined, undefined, { 'accept-encoding': 'gzip;q=0' });
    expect(no.headers.get('content-encoding')).toBeNull();
  });

  it('streams: a client that stops reading early leaves the rest unread', async () => {
    const res = await env.call('GET', `${base}/export`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
  });

  it('applies filter validation and the route scope', async () => {
    expect((await env.call('GET', `${base}/export?metric[Nope]=1`)).status).toBe(400);
    expect((await env.call('GET', `${base}/export?format=xml`)).status).toBe(400);
    const writer = await makeKey(env, ['conversations:write']);
    expect((await env.call('GET', `${base}/export`, undefined, writer)).status).toBe(403);
  });
});
