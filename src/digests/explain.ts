import { AskOptionsSchema, resolvedRedaction } from '../analyst/ask-options.js';
import type { Answer, Plan } from '../analyst/contract.js';
import { runLlmEngine } from '../analyst/llm/engine.js';
import { runStatistical } from '../analyst/statistical/engine.js';
import type { MetricRow } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import { loadTurns } from '../db/turns.js';
import type { Deps } from '../deps.js';
import type { Change } from '../trends/summary.js';

/** A digest's why-question is smaller than an interactive one: it runs unattended, every period. */
const DIGEST_BUDGET = { failures: 40, successes: 20, maxTokens: 150_000, maxCalls: 40 };

export interface Quote {
  conversation_id: string;
  turn: number;
  quote: string;
  url: string;
  theme: string;
}

export interface Explanation {
  engine: Answer['engine'];
  question: string;
  summary: string;
  themes: { title: string; share_of_failures: number; lift: number | null }[];
  quotes: Quote[];
  caveats: string[];
}

/**
 * The plan for a significant change: the value whose share grew is the target, the others the
 * contrast, over the current period. Null when it cannot be asked (numeric, or a share that fell).
 */
export function planFor(def: MetricRow, change: Change, window: { start: string; end: string }): Plan | null {
  if (change.value === null || change.change === null || def.type === 'numeric') return null;
  let target: (boolean | string)[];
  let contrast: (boolean | string)[];
  if (def.type === 'boolean') {
    const grewTrue = change.change > 0;
    target = [grewTrue];
    contrast = [!grewTrue];
  } else {
    if (change.change <= 0) return null;
    target = [change.value];
    contrast = (def.categories ?? []).filter((c) => c !== change.value);
    if (contrast.length === 0) return null;
  }
  return { kind: 'qualitative', metric: def.name, target_values: target, contrast_values: contrast, window, filters: [], environment: 'live' };
}

const PLACEHOLDER = /\[[A-Z_]+\]|<[A-Z_]+>/g;
const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** A quote counts only if its words (around any redaction placeholders) are in the cited transcript. */
function quoteIn(text: string, quote: string): boolean {
  const pieces = quote.split(PLACEHOLDER).map(norm).filter((p) => p.length >= 3);
  const hay = norm(text);
  return pieces.length > 0 && pieces.every((p) => hay.includes(p));
}

async function verifiedQuotes(deps: Deps, project: ProjectRow, answer: Answer, max: number): Promise<Quote[]> {
  const candidates = (answer.themes ?? []).flatMap((t) => t.examples.map((e) => ({ ...e, theme: t.title })));
  const turns = await loadTurns(deps.db, project.id, [...new Set(candidates.map((c) => c.conversation_id))]);
  const out: Quote[] = [];
  const seen = new Set<string>();
  // one quote per theme first, then more, so 2-3 quotes cover different reasons
  const ordered = [...candidates.filter((c, i) => candidates.findIndex((d) => d.theme === c.theme) === i), ...candidates];
  for (const c of ordered) {
    if (out.length >= max) break;
    const key = `${c.conversation_id}:${c.turn}`;
    if (seen.has(key)) continue;
    const transcript = turns.get(c.conversation_id) ?? [];
    const cited = transcript.find((t) => t.idx === c.turn);
    if (!cited || !quoteIn(cited.text, c.quote)) continue;
    seen.add(key);
    out.push({ conversation_id: c.conversation_id, turn: c.turn, quote: c.quote, url: c.url, theme: c.theme });
  }
  return out;
}

/** Asks the analyst why the change happened: the LLM engine when configured, else the statistical one. */
export async function explain(deps: Deps, project: ProjectRow, plan: Plan, question: string): Promise<Explanation> {
  let answer: Answer;
  if (deps.llm) {
    const o = AskOptionsSchema.parse({});
    answer = await runLlmEngine(deps, deps.llm, project, plan, question, {
      failures: DIGEST_BUDGET.failures,
      successes: DIGEST_BUDGET.successes,
      seed: `digest:${plan.window.end}`,
      budget: {
        maxTokens: Math.min(DIGEST_BUDGET.maxTokens, deps.config.SIFT_ANALYST_MAX_TOKENS),
        maxCalls: Math.min(DIGEST_BUDGET.maxCalls, deps.config.SIFT_ANALYST_MAX_CALLS),
      },
      transcriptTokens: o.transcript_tokens,
      redact: resolvedRedaction(deps.config, o),
      concurrency: deps.config.SIFT_LLM_CONCURRENCY,
    });
  } else {
    answer = await runStatistical(deps, project, plan, question, { seed: `digest:${plan.window.end}` });
  }
  return {
    engine: answer.engine,
    question,
    summary: answer.summary,
    themes: (answer.themes ?? []).slice(0, 3).map((t) => ({ title: t.title, share_of_failures: t.failures.share, lift: t.lift })),
    quotes: await verifiedQuotes(deps, project, answer, 3),
    caveats: answer.caveats,
  };
}
