/**
 * Conversations API on real Postgres with N synthetic conversations (default 1,000,000), three
 * metrics each (boolean, categorical, numeric), four turns each on the newest --turns of them.
 *
 *   npx tsx bench/conversations.ts [--n 1000000] [--turns 200000] [--requests 200] [--keep]
 *
 * Data is generated set-based (INSERT ... SELECT generate_series) into a fresh database
 * bench_conversations, dropped at the end unless --keep (then a re-run with --reuse skips
 * generation). Requests go through createApp(deps).request(): the whole HTTP stack (auth,
 * project, validation, shaping, JSON) without a socket. Each figure is printed beside a
 * baseline from the same run. The machine is shared (2 cores, other helpers running): noisy.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createApp } from '../src/app.js';
import { createKey } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import { encodeCursor } from '../src/conversations/cursor.js';
import { connect } from '../src/db/connect.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import type { Deps } from '../src/deps.js';
import { randomIds } from '../src/ids.js';
import { onServer, quantile } from './support.js';

const { values: opt } = parseArgs({
  options: {
    n: { type: 'string', default: '1000000' },
    turns: { type: 'string', default: '200000' },
    requests: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    child: { type: 'string' },
    transcripts: { type: 'boolean', default: false },
  },
});
const N = Number(opt.n);
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_URL = Object.assign(new URL(SERVER), { pathname: '/bench_conversations' }).toString();
const P = 'prj_bench';
const T0 = '2026-06-01T00:00:00Z';
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const admin = (statement: string) => onServer(SERVER, statement);

async function app() {
  const conn = await connect({ databaseUrl: DB_URL, dataDir: 'memory://', poolSize: 10 });
  const deps: Deps = { db: conn.db, config: loadConfig({ SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false' }), clock: { now: () => new Date() }, ids: randomIds, log: silent, llm: null, fetch };
  const key = async (scopes: ('conversations:read' | 'transcripts:read')[]) => (await createKey(deps, 'ws_bench', { name: scopes.join(' '), scopes })).secret;
  return { conn, http: createApp(deps), key };
}

const time = async (label: string, f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  const s = (performance.now() - t) / 1000;
  console.log(`  ${label}: ${s.toFixed(1)} s`);
  return s;
};

/** Set-based generation: every table is filled by one INSERT ... SELECT over generate_series. */
async function generate() {
  await admin('drop database if exists bench_conversations with (force)');
  await admin('create database bench_conversations');
  const { db, close } = await connect({ databaseUrl: DB_URL, dataDir: 'memory://' });
  await migrate(db, await readMigrations());
  console.log(`generating ${N.toLocaleString()} conversations (set-based)`);
  await sql`insert into workspaces (id, name) values ('ws_bench', 'bench');
    insert into projects (id, workspace_id, slug, name) values (${sql.lit(P)}, 'ws_bench', 'bench', 'bench');
    insert into metric_definitions (id, project_id, name, type, categories) values
      ('met_b', ${sql.lit(P)}, 'Auth: verified', 'boolean', null),
      ('met_c', ${sql.lit(P)}, 'Auth: outcome', 'categorical', '{verified,failed,partial}'),
      ('met_n', ${sql.lit(P)}, 'CSAT: score', 'numeric', null)`.execute(db);
  const g = sql.raw(`generate_series(1, ${N}) g`);
  const id = sql.raw(`'c' || lpad(g::text, 8, '0')`);
  const at = sql.raw(`timestamptz '${T0}' - g * interval '5 seconds'`);
  await time('conversations', () =>
    sql`insert into conversations (project_id, id, environment, channel, started_at, ended_at, num_turns, ingested, sample_key, state)
      select ${P}, ${id}, 'live', (array['voice','chat','sms','webchat'])[1 + g % 4], ${at}, ${at} + interval '3 minutes',
        case when g <= ${Number(opt.turns)} then 4 else 0 end, true, random(), '{"flow":"booking"}'::jsonb from ${g}`.execute(db),
  );
  // Auth: verified is false on 30% of conversations, the filter measured below.
  await time('conversation_metrics (3 per conversation)', () =>
    sql`insert into conversation_metrics (project_id, metric_id, conversation_id, value_text, value_num, started_at, sample_key)
      select ${P}, m.id, ${id},
        case m.id when 'met_b' then case when (g::bigint * 7919) % 100 < 30 then 'false' else 'true' end
                  when 'met_c' then (array['verified','failed','partial'])[1 + (g::bigint * 104729) % 3] end,
        case when m.id = 'met_n' then 1 + (g::bigint * 31) % 5 end, ${at}, random()
      from ${g} cross join (values ('met_b'), ('met_c'), ('met_n')) m(id)`.execute(db),
  );
  await time('metric_writes (3 per conversation)', () =>
    sql`insert into metric_writes (project_id, conversation_id, metric_id, value, source, written_at)
      select project_id, conversation_id, metric_id,
        case when value_num is not null then to_jsonb(value_num) when metric_id = 'met_b' then to_jsonb(value_text::boolean) else to_jsonb(value_text) end,
        'bench', started_at from conversation_metrics`.execute(db),
  );
  await time(`conversation_turns (4 each on the newest ${Number(opt.turns).toLocaleString()})`, () =>
    sql`insert into conversation_turns (project_id, conversation_id, idx, role, text)
      select ${P}, ${id}, i, case when i % 2 = 0 then 'agent' else 'user' end,
        case when i % 2 = 0 then 'Thanks for calling. Can I take your date of birth to verify your account, please? ' || g
             else 'Sure, it is the fourth of March nineteen eighty-two, and my booking reference is ' || g end
      from generate_series(1, ${Number(opt.turns)}) g cross join generate_series(0, 3) i`.execute(db),
  );
  await time('vacuum analyze', () => sql`vacuum analyze`.execute(db));
  await close();
}

/** A cursor at a random depth, so pages are not all the cache-hot first one. */
const randomCursor = () => {
  const g = 1 + Math.floor(Math.random() * (N - 1000));
  const t = new Date(Date.parse(T0) - g * 5000).toISOString().replace('Z', '000Z');
  return encodeCursor({ t, id: `c${String(g).padStart(8, '0')}` });
};

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

async function latency(http: ReturnType<typeof createApp>, key: string, query: string, requests: number) {
  const ms: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    const res = await http.request(`/v1/projects/bench/conversations?limit=50&cursor=${randomCursor()}${query}`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await res.json()) as { data: unknown[] };
    if (res.status !== 200 || body.data.length !== 50) throw new Error(`list failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    ms.push(performance.now() - t);
  }
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), cpuMs: (cpuSeconds(cpu) * 1000) / requests };
}

/**
 * Rows per second of wall time, and per second of this process's CPU (what a free core would
 * give Node). `every` is called each time another 100,000 lines have arrived.
 */
async function exportRows(http: ReturnType<typeof createApp>, key: string, rows: number, every?: () => void) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const res = await http.request(`/v1/projects/bench/conversations/export?format=ndjson&max_rows=${rows}`, { headers: { authorization: `Bearer ${key}` } });
  let lines = 0;
  let mark = 100_000;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (every && lines >= mark) {
      every();
      mark += 100_000;
    }
  }
  if (lines !== rows) throw new Error(`export returned ${lines} rows, expected ${rows}`);
  return { wall: rows / ((performance.now() - t) / 1000), cpu: rows / cpuSeconds(cpu) };
}

/**
 * The export's baseline: a plain keyset page loop through pg (the conversations with their metric
 * values and turns as JSON, one page after another), no shaping, no JSON out. The export prints
 * its lines in Postgres and reads two pages at once, so it can pass this.
 */
async function rawPages(db: Awaited<ReturnType<typeof connect>>['db'], rows: number, withTurns: boolean) {
  const t = performance.now();
  let after: { t: string; id: string } | null = null;
  for (let done = 0; done < rows; ) {
    const page: { rows: { id: string; t: string }[] } = await sql<{ id: string; t: string }>`select c.*, to_char(c.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t,
        (select json_agg(json_build_array(cm.metric_id, cm.value_text, cm.value_num, cm.write_count)) from conversation_metrics cm
          where cm.project_id = c.project_id and cm.conversation_id = c.id) as m,
        ${withTurns ? sql`(select json_agg(json_build_array(x.role, x.text, x.at, x.name) order by x.idx) from conversation_turns x where x.project_id = c.project_id and x.conversation_id = c.id)` : sql`null`} as turns
      from conversations c where c.project_id = ${P} and c.environment = 'live'
        ${after ? sql`and (c.started_at, c.id) < (${after.t}::timestamptz, ${after.id})` : sql``}
      order by c.started_at desc, c.id desc limit 1000`.execute(db);
    done += page.rows.length;
    const last: { id: string; t: string } = page.rows.at(-1)!;
    after = { t: last.t, id: last.id };
  }
  return rows / ((performance.now() - t) / 1000);
}

/**
 * Child process (run with --expose-gc): export `rows` rows and report peak RSS and heap, sampled
 * every 20 ms, and the largest heap still live after a full collection every 100,000 rows. The
 * peaks move with the collector's timing; the live heap is what would grow with the row count.
 */
async function child(rows: number) {
  const { conn, http, key } = await app();
  const k = await key(opt.transcripts ? ['conversations:read', 'transcripts:read'] : ['conversations:read']);
  let rss = 0;
  let heap = 0;
  let live = 0;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  const gc = (globalThis as { gc?: () => void }).gc;
  const { wall: rate } = await exportRows(http, k, rows, () => {
    gc?.();
    live = Math.max(live, process.memoryUsage().heapUsed);
  });
  clearInterval(sample);
  console.log(JSON.stringify({ rows, rate, rss, heap, live }));
  await conn.close();
}

function runChild(rows: number): Promise<{ rows: number; rate: number; rss: number; heap: number; live: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, '--expose-gc', process.argv[1]!, '--child', String(rows), '--n', String(N)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`child exited ${code}`))));
  });
}

async function main() {
  if (opt.child) return child(Number(opt.child));
  if (!opt.reuse) await generate();
  const { conn, http, key } = await app();
  const reader = await key(['conversations:read']);
  const full = await key(['conversations:read', 'transcripts:read']);
  const R = Number(opt.requests);
  await latency(http, reader, '', 20); // warm-up

  console.log(`\nlist, limit 50, random depth, ${R} requests each`);
  const base = await latency(http, reader, '', R);
  const filtered = await latency(http, reader, `&${encodeURIComponent('metric[Auth: verified]')}=false`, R);
  const numeric = await latency(http, reader, `&filter=${encodeURIComponent('[{"metric":"CSAT: score","op":"lt","value":2}]')}`, R);
  const fmt = (x: { p50: number; p95: number; cpuMs: number }) => `p50 ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms, Node CPU ${x.cpuMs.toFixed(1)} ms/request`;
  console.log(`  baseline (no filter):               ${fmt(base)}`);
  console.log(`  metric[Auth: verified]=false (30%): ${fmt(filtered)}  (p95 ${(filtered.p95 / base.p95).toFixed(2)}x baseline)`);
  console.log(`  CSAT: score lt 2 (20%):             ${fmt(numeric)}`);

  const rows = Math.min(100_000, N, Number(opt.turns));
  console.log(`\nNDJSON export, ${rows.toLocaleString()} rows`);
  const rawNo = await rawPages(conn.db, rows, false);
  const expNo = await exportRows(http, reader, rows);
  const rawYes = await rawPages(conn.db, rows, true);
  const expYes = await exportRows(http, full, rows);
  const r = (x: number) => `${Math.round(x).toLocaleString()} rows/s`;
  console.log(`  without transcripts: ${r(expNo.wall)}  (raw SQL pages: ${r(rawNo)}, ${(expNo.wall / rawNo).toFixed(2)}x); per Node CPU-second: ${r(expNo.cpu)}`);
  console.log(`  with transcripts:    ${r(expYes.wall)}  (raw SQL pages: ${r(rawYes)}, ${(expYes.wall / rawYes).toFixed(2)}x); per Node CPU-second: ${r(expYes.cpu)}`);
  await conn.close();

  console.log('\nexport peak memory (child process, without transcripts)');
  for (const n of [Math.min(100_000, N), N]) {
    const m = await runChild(n);
    console.log(`  ${n.toLocaleString()} rows: peak RSS ${(m.rss / 2 ** 20).toFixed(0)} MiB, peak heap ${(m.heap / 2 ** 20).toFixed(0)} MiB, live heap after GC ${(m.live / 2 ** 20).toFixed(1)} MiB, ${r(m.rate)}`);
  }
  if (!opt.keep) await admin('drop database if exists bench_conversations with (force)');
}

await main();
