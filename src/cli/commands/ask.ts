import type { Answer, AnalystEvent, Clarification } from '../../analyst/contract.js';
import { parse, UsageError, wholeNumber, type CliContext } from '../context.js';
import { request } from '../http.js';

export const summary = 'ask the analyst a question (stages live, then the answer)';

const USAGE = `sift ask "QUESTION" --project P [options]

Asks over HTTP with server-sent events (POST /v1/projects/P/analyst/questions, or a thread's
messages with --thread) and prints each stage as it happens on stderr, then the answer on stdout.

  --project P          project id or slug (required)
  --thread ID          ask in a thread, so follow-ups ("and last week?") resolve against it
  --new-thread         open a thread first and print its id (use it with --thread next time)
  --failures N         failed conversations to sample (LLM engine default 60)
  --successes N        successful conversations to sample (default 30; at most 500 in all)
  --seed S             reproducible sample
  --max-tokens N       LLM token budget for this question
  --max-calls N        LLM call budget for this question
  --evidence           hand the offline engine's statistics to the LLM engine
  --json               print the answer as JSON instead of a table`;

const OPTIONS = {
  project: { type: 'string' },
  thread: { type: 'string' },
  'new-thread': { type: 'boolean' },
  failures: { type: 'string' },
  successes: { type: 'string' },
  seed: { type: 'string' },
  'max-tokens': { type: 'string' },
  'max-calls': { type: 'string' },
  evidence: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

/** Reads a text/event-stream body, yielding each event's name and parsed data. */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: unknown }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) yield { event, data: JSON.parse(data) };
    }
  }
}

export function describeStage(e: AnalystEvent): string | null {
  switch (e.stage) {
    case 'plan':
      if (e.plan.kind === 'clarification') return 'plan: the question needs clarifying';
      return `plan: ${e.plan.kind} on "${e.plan.metric}" = ${e.plan.target_values.join('|')} vs ${e.plan.contrast_values.join('|') || '-'}, ${e.plan.window.start.slice(0, 10)} to ${e.plan.window.end.slice(0, 10)}`;
    case 'sample':
      return `sample ${e.sample_id}: ${e.frame.map((f) => `${f.value} ${f.sampled} of ${f.population}`).join(', ')}`;
    case 'estimate':
      return `estimate: ~${e.tokens} tokens in ~${e.calls} calls (~$${e.cost_usd.toFixed(4)}); budget ${e.max_tokens} tokens, ${e.max_calls} calls`;
    case 'progress':
      return null;
    case 'themes':
      return `themes: ${e.themes.length} candidate reasons, checking them on every sampled conversation`;
    case 'answer':
      return null;
  }
}

export function renderAnswer(a: Answer | Clarification): string {
  if (a.kind === 'clarification') {
    return `${a.question}\n${a.candidates.map((c) => `  - ${c.metric}: ${c.reason}`).join('\n')}\n`;
  }
  const out: string[] = [a.summary, ''];
  if (a.figures?.length) {
    out.push('label'.padEnd(40) + 'count'.padStart(8) + 'of'.padStart(8) + 'rate'.padStart(8) + '  95% CI');
    for (const f of a.figures) {
      const ci = f.ci ? `${pct(f.ci[0])}-${pct(f.ci[1])}` : '';
      // trend rows are told apart by bucket and value; the others by their label (target, contrast, value)
      const name = f.bucket ? `${f.bucket} ${f.value ?? f.label}` : f.label;
      out.push(name.slice(0, 39).padEnd(40) + String(f.count).padStart(8) + String(f.denominator).padStart(8) + (f.rate === null ? '' : pct(f.rate)).padStart(8) + `  ${ci}`);
    }
  }
  if (a.themes?.length) {
    out.push('#  reason'.padEnd(44) + 'failures'.padStart(16) + 'successes'.padStart(12) + 'lift'.padStart(7) + '  est. affected');
    a.themes.forEach((t, i) => {
      const f = `${pct(t.failures.share)} (${pct(t.failures.ci[0])}-${pct(t.failures.ci[1])})`;
      const lift = t.lift === null ? '-' : `${t.lift >= 10 ? t.lift.toFixed(0) : t.lift.toFixed(1)}x`;
      out.push(`${String(i + 1).padEnd(3)}${t.title.slice(0, 40).padEnd(41)}${f.padStart(16)}${pct(t.successes.share).padStart(12)}${lift.padStart(7)}  ${t.estimated_population.value}${t.distinctive ? '' : '  (not distinctive)'}`);
      for (const e of t.examples) out.push(`     "${e.quote}"  ${e.conversation_id} turn ${e.turn}  ${e.url}`);
    });
  }
  const d = a.diagnostics;
  out.push('', `engine ${a.engine}${a.model ? ` (${a.model})` : ''}${a.sample_id ? `, sample ${a.sample_id}` : ''}; ${d.calls} LLM calls, ${d.tokens.prompt + d.tokens.completion} tokens, ~$${d.estimated_cost_usd.toFixed(4)}`);
  if (d.unread_conversations.length) out.push(`unread: ${d.unread_conversations.length} conversations`);
  if (d.dropped_quotes || d.dropped_ids) out.push(`dropped: ${d.dropped_quotes} unverifiable quotes, ${d.dropped_ids} ids outside the sample`);
  for (const c of a.caveats) out.push(`note: ${c}`);
  return `${out.join('\n')}\n`;
}

export async function run(ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv, OPTIONS, USAGE);
  if (values.help) {
    ctx.out.write(`${USAGE}\n`);
    return 0;
  }
  const question = positionals.join(' ').trim();
  if (!question) throw new UsageError(`Give the question in quotes.\n\n${USAGE}`);
  if (!values.project) throw new UsageError(`--project is required.\n\n${USAGE}`);
  const project = encodeURIComponent(values.project);
  const seed = values.seed === undefined ? undefined : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const options = Object.fromEntries(
    Object.entries({
      failures: wholeNumber('failures', values.failures),
      successes: wholeNumber('successes', values.successes),
      seed,
      max_tokens: wholeNumber('max-tokens', values['max-tokens']),
      max_calls: wholeNumber('max-calls', values['max-calls']),
      evidence: values.evidence,
    }).filter(([, v]) => v !== undefined),
  );
  let thread = values.thread;
  if (values['new-thread']) {
    const res = await request(ctx, 'POST', `/v1/projects/${project}/analyst/threads`, { title: question.slice(0, 200) });
    thread = ((await res.json()) as { id: string }).id;
    ctx.err.write(`thread ${thread}\n`);
  }
  const path = thread ? `/v1/projects/${project}/analyst/threads/${encodeURIComponent(thread)}/messages` : `/v1/projects/${project}/analyst/questions`;
  const res = await request(ctx, 'POST', path, { question, options }, { accept: 'text/event-stream' });
  if (!res.body) throw new Error('the server sent no body');
  let answer: Answer | Clarification | null = null;
  for await (const { event, data } of readEvents(res.body)) {
    if (event === 'error') {
      const p = data as { status: number; detail: string };
      ctx.err.write(`${ctx.tty ? '\r\x1b[K' : ''}error ${p.status}: ${p.detail}\n`);
      return 1;
    }
    if (event === 'done') continue;
    const e = data as AnalystEvent;
    if (e.stage === 'progress') {
      if (ctx.tty) ctx.err.write(`\rreading ${e.read}/${e.total}`);
      else if (e.read === e.total) ctx.err.write(`read ${e.read}/${e.total}\n`);
      continue;
    }
    if (e.stage === 'answer') answer = e.answer;
    const line = describeStage(e);
    if (line) ctx.err.write(`${ctx.tty ? '\r\x1b[K' : ''}${line}\n`);
  }
  if (!answer) {
    ctx.err.write('the stream ended without an answer\n');
    return 1;
  }
  ctx.out.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : renderAnswer(answer));
  return 0;
}
