// The LLM pipeline's own cost and shape, with the model mocked (msw, OpenAI wire format):
//   1. LLM at 0 ms: the pipeline's overhead for 100 sampled conversations, beside the database
//      work alone (draw the sample, load the transcripts) measured in the same run;
//   2. LLM at 1 s per call: end-to-end time, and the sequential LLM rounds on the critical path;
//   3. tokens sent per conversation against sending each whole transcript.
// Run: npx tsx bench/analyst.ts   (real Postgres at DATABASE_URL or 127.0.0.1; own database)
import { setupServer } from 'msw/node';
import { ask } from '../src/analyst/ask.js';
import { AskOptionsSchema } from '../src/analyst/ask-options.js';
import type { Answer } from '../src/analyst/contract.js';
import { drawAnalystSample } from '../src/analyst/llm/sample.js';
import { createApp } from '../src/app.js';
import { bootstrap } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { findProject } from '../src/db/projects.js';
import { loadTurns } from '../src/db/turns.js';
import type { Deps } from '../src/deps.js';
import { randomIds } from '../src/ids.js';
import { createLlm } from '../src/llm/client.js';
import { countMessageTokens, countTokens } from '../src/llm/tokens.js';
import type { LlmCallTrace } from '../src/llm/types.js';
import { OPENAI_TEST_ENV, openaiHandler, scriptedAnalyst, type Captured, type PlantedReason } from '../test/support/openai-mock.js';
import { onServer } from './support.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'bench_analyst';
const NOW = new Date('2026-06-15T12:00:00Z');
const POP = { failures: 400, successes: 400 };
const SAMPLE = { failures: 60, successes: 40 };
const REPS = 5;

const REASONS: PlantedReason[] = [
  { title: 'Date of birth did not match', criterion: 'The agent said the date of birth did not match the records.', keywords: ['does not match our records'] },
  { title: 'Caller had no account number', criterion: 'The caller said they did not have their account number.', keywords: ["don't have my account number"] },
  { title: 'Verification service timed out', criterion: 'The agent said the verification system was not responding.', keywords: ['verification system is not responding'] },
];

// A deterministic, realistic-length call: ~30 turns of 10-45 words.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const WORDS = 'account balance payment card statement transfer branch address please thanks sorry minute check system record update confirm details security question number name service help today moment again'.split(' ');
function transcript(i: number, failed: boolean) {
  const r = rng(i + 1);
  const filler = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  const turns: { role: 'user' | 'agent'; text: string }[] = [
    { role: 'agent', text: 'Thank you for calling Acme Bank, this call may be recorded. How can I help you today?' },
    { role: 'user', text: `Hi, I need help with my account. My email is caller${i}@example.com and my number is 07700 900${String(i % 1000).padStart(3, '0')}.` },
  ];
  const n = 24 + Math.floor(r() * 12);
  for (let k = 0; k < n; k++) turns.push({ role: k % 2 ? 'user' : 'agent', text: `${filler(10 + Math.floor(r() * 35))}.` });
  const reason = failed ? i % 5 : -1;
  if (reason === 0 || reason === 1) turns.push({ role: 'agent', text: 'I am sorry, the date of birth you gave does not match our records.' });
  if (reason === 2 || reason === 3) turns.push({ role: 'user', text: "Sorry, I don't have my account number with me right now." });
  if (reason === 4) turns.push({ role: 'agent', text: 'Apologies, our verification system is not responding at the moment.' });
  turns.push({ role: 'agent', text: failed ? 'I could not verify you today, please call back later.' : 'Thank you, you are verified.' });
  return turns;
}

const admin = (statement: string) => onServer(SERVER, statement);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Sequential rounds: each call sits one above the deepest call that had ended when it started. */
function criticalPath(traces: LlmCallTrace[]): number {
  const sorted = [...traces].sort((a, b) => a.startedAt - b.startedAt);
  const depth: number[] = [];
  sorted.forEach((t, i) => {
    let d = 0;
    for (let j = 0; j < i; j++) if (sorted[j]!.endedAt <= t.startedAt + 1) d = Math.max(d, depth[j]!);
    depth.push(d + 1);
  });
  return Math.max(0, ...depth);
}

async function main() {
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  const url = new URL(SERVER);
  url.pathname = `/${DB_NAME}`;
  const conn = await connect({ databaseUrl: url.toString(), dataDir: 'memory://' });
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });
  try {
    await migrate(conn.db, await readMigrations());
    const config = loadConfig({ ...OPENAI_TEST_ENV, SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false' });
    const traces: LlmCallTrace[] = [];
    const llm = createLlm(config, { onCall: (t) => traces.push(t) })!;
    const deps: Deps = { db: conn.db, config, clock: { now: () => NOW }, ids: randomIds, log: { debug() {}, info() {}, warn() {}, error() {} }, llm, fetch };
    const boot = await bootstrap(deps);
    const app = createApp(deps);
    const call = async (method: string, path: string, body: unknown) => {
      const res = await app.request(path, { method, headers: { authorization: `Bearer ${boot.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    };
    await call('POST', '/v1/projects', { slug: 'bench', name: 'Bench' });
    await call('POST', '/v1/projects/bench/metrics', { name: 'Auth: verified', type: 'boolean', definition: 'caller passed ID&V' });
    const total = POP.failures + POP.successes;
    const writes: { conversation_id: string; name: string; value: boolean }[] = [];
    for (let i = 0; i < total; i++) {
      const failed = i < POP.failures;
      const started = new Date(NOW.getTime() - (i + 1) * 45 * 60_000).toISOString();
      await call('PUT', `/v1/projects/bench/conversations/c${i}`, { started_at: started, channel: 'voice', turns: transcript(i, failed) });
      writes.push({ conversation_id: `c${i}`, name: 'Auth: verified', value: !failed });
    }
    for (let i = 0; i < writes.length; i += 1000) await call('POST', '/v1/projects/bench/metric-writes', { writes: writes.slice(i, i + 1000) });
    const project = (await findProject(deps.db, boot.workspaceId, 'bench'))!;
    const question = 'why are calls failing authentication?';
    const options = AskOptionsSchema.parse({ ...SAMPLE });

    const runOnce = async (seed: number): Promise<{ ms: number; answer: Answer }> => {
      await deps.db.deleteFrom('analyst_reads').execute();
      traces.length = 0;
      const t0 = performance.now();
      const answer = (await ask(deps, project, { question, options: { ...options, seed } })) as Answer;
      return { ms: performance.now() - t0, answer };
    };

    // baseline: the database work of the same question (draw + transcripts), no LLM
    server.use(openaiHandler(scriptedAnalyst({ reasons: REASONS })));
    const plan = (await runOnce(0)).answer.plan; // also the warm-up: tokenizer ranks, prompt files, query plans
    const base: number[] = [];
    const zero: number[] = [];
    for (let r = 1; r <= REPS; r++) {
      const t0 = performance.now();
      const s = await drawAnalystSample(deps, project, plan, { ...SAMPLE, seed: r });
      await loadTurns(deps.db, project.id, s.conversations.map((c) => c.id));
      base.push(performance.now() - t0);
      zero.push((await runOnce(r)).ms);
    }

    const captured: Captured = { bodies: [], raw: [] };
    server.resetHandlers(openaiHandler(scriptedAnalyst({ reasons: REASONS }), { latencyMs: 1000, captured }));
    const slow = await runOnce(99);
    const rounds = criticalPath(traces);
    const calls = traces.length;

    // tokens: everything sent for the question, per conversation, against each whole transcript once
    const a = slow.answer;
    const ids = (await drawAnalystSample(deps, project, plan, { ...SAMPLE, seed: 99 })).conversations.map((c) => c.id);
    const turns = await loadTurns(deps.db, project.id, ids);
    const whole = ids.reduce((n, id) => n + countTokens((turns.get(id) ?? []).map((t) => `${t.role}: ${t.text}`).join('\n'), config.SIFT_LLM_MODEL), 0) / ids.length;
    const sent = captured.bodies.reduce((n, b) => n + countMessageTokens(b.messages, config.SIFT_LLM_MODEL), 0) / ids.length;
    const readOnly = captured.bodies.filter((b) => b.response_format?.json_schema?.name === 'facets').reduce((n, b) => n + countMessageTokens(b.messages, config.SIFT_LLM_MODEL), 0) / ids.length;

    const fmt = (x: number) => x.toFixed(1).padStart(8);
    console.log(`analyst pipeline, ${ids.length} sampled conversations (${SAMPLE.failures} failures + ${SAMPLE.successes} successes) of ${total}; model mocked with msw; concurrency ${config.SIFT_LLM_CONCURRENCY}`);
    console.log(`noisy figures: 2 cores shared with other work; median of ${REPS} runs`);
    console.log('');
    console.log(`LLM at 0 ms   pipeline end to end   ${fmt(median(zero))} ms`);
    console.log(`              baseline (draw+load)  ${fmt(median(base))} ms`);
    console.log(`              pipeline overhead     ${fmt(median(zero) - median(base))} ms  (${((median(zero) - median(base)) / ids.length).toFixed(2)} ms per conversation; ${(median(zero) / median(base)).toFixed(1)}x the baseline)`);
    console.log(`LLM at 1 s    end to end            ${fmt(slow.ms)} ms`);
    console.log(`              LLM calls             ${String(calls).padStart(8)}`);
    console.log(`              sequential rounds     ${String(rounds).padStart(8)}     (target <= 6)`);
    console.log(`tokens        whole transcript      ${fmt(whole)} per conversation`);
    console.log(`              sent (all stages)     ${fmt(sent)} per conversation  = ${((sent / whole) * 100).toFixed(0)}% (target <= 60%)`);
    console.log(`              of which the read     ${fmt(readOnly)} per conversation  = ${((readOnly / whole) * 100).toFixed(0)}%`);
    console.log(`              themes found          ${a.themes!.map((t) => `${t.title} ${Math.round(t.failures.share * 100)}%`).join('; ')}`);
  } finally {
    server.close();
    await conn.close();
    await admin(`drop database if exists ${DB_NAME} with (force)`);
  }
}

await main();
