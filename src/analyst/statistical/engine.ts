import type { ProjectRow } from '../../db/projects.js';
import { loadTurns } from '../../db/turns.js';
import type { Deps } from '../../deps.js';
import { noLlmDiagnostics, type Answer, type EmitEvent, type Plan } from '../contract.js';
import { drawAnalystSample } from '../llm/sample.js';
import { contrast, contrastEvidence, type ContrastStats } from './contrast.js';
import { coverThemes } from './covering.js';
import type { ReadConversation } from './features.js';
import { narrative } from './narrative.js';
import { loadHandoffs } from './reads.js';
import { quantifyThemes } from './themes.js';

export interface StatisticalOptions {
  emit?: EmitEvent;
  /**
   * Conversations read from each group. Reading costs no tokens, so the default is large: a
   * stratum at or below it is read whole; 500 in total at most, as for the LLM engine.
   */
  sampleSize?: { failures: number; successes: number };
  seed?: string | number;
}

export const DEFAULT_SAMPLE = { failures: 250, successes: 250 };

/** The answer and the contrast behind it, for callers that hand the statistics on as evidence. */
export interface StatisticalResult {
  answer: Answer;
  evidence: ContrastStats;
}

/**
 * Why-questions without an LLM: draw failures and successes through the sampling engine, read
 * their transcripts, find what separates them, group the signals into themes, and template the
 * narrative from the numbers.
 */
export async function runStatistical(deps: Deps, project: ProjectRow, plan: Plan, question: string, opts: StatisticalOptions = {}): Promise<Answer> {
  return (await runStatisticalWithEvidence(deps, project, plan, question, opts)).answer;
}

export async function runStatisticalWithEvidence(deps: Deps, project: ProjectRow, plan: Plan, question: string, opts: StatisticalOptions = {}): Promise<StatisticalResult> {
  const t0 = performance.now();
  const emit = opts.emit ?? (() => {});
  const size = opts.sampleSize ?? DEFAULT_SAMPLE;
  const sample = await drawAnalystSample(deps, project, plan, { ...size, seed: opts.seed ?? 1 });
  emit({ stage: 'sample', sample_id: sample.id, frame: sample.frame });

  const ids = sample.conversations.map((c) => c.id);
  const [turns, handoffs] = await Promise.all([loadTurns(deps.db, project.id, ids), loadHandoffs(deps.db, project.id, ids)]);
  const convs: ReadConversation[] = sample.conversations.map((c) => ({
    id: c.id,
    group: c.group,
    turns: turns.get(c.id) ?? [],
    handoff_to: handoffs.get(c.id)?.handoff_to ?? null,
    handoff_reason: handoffs.get(c.id)?.handoff_reason ?? null,
  }));
  emit({ stage: 'progress', read: convs.length, total: convs.length });

  const c = contrast(convs);
  const raw = coverThemes(c, { maxPhrases: 2 });
  const order = {
    failures: convs.filter((x) => x.group === 'failures').map((x) => x.id),
    successes: convs.filter((x) => x.group === 'successes').map((x) => x.id),
  };
  const base = deps.config.PUBLIC_URL?.replace(/\/$/, '') ?? '';
  const url = (id: string, turn: number) => `${base}/v1/projects/${encodeURIComponent(project.slug)}/conversations/${encodeURIComponent(id)}#turn-${turn}`;
  const { themes, droppedQuotes } = quantifyThemes(raw, { contrast: c, order, frame: sample.frame, turns, url });
  emit({ stage: 'themes', themes: themes.map((t) => ({ title: t.title, criterion: t.criterion })) });

  const explained = new Set(raw.flatMap((t) => [...t.failures])).size;
  const caveats = [...(plan.notes ?? [])];
  for (const g of ['failures', 'successes'] as const) {
    const n = order[g].length;
    if (n < 20) caveats.push(`Only ${n} ${g} were read: shares and intervals are rough.`);
  }
  const empty = convs.filter((x) => x.turns.length === 0).length;
  if (empty) caveats.push(`${empty} sampled conversations have no transcript.`);
  if (!themes.length) caveats.push('No theme was distinctive enough to report; an LLM engine may describe reasons that do not show in the words.');
  const summary = narrative({ plan, frame: sample.frame, themes, read: { failures: order.failures.length, successes: order.successes.length }, explained, medianTurns: c.median_turns });

  const answer: Answer = {
    engine: 'statistical',
    model: null,
    kind: 'qualitative',
    question,
    summary,
    plan,
    sample_id: sample.id,
    frame: sample.frame,
    themes,
    caveats,
    diagnostics: noLlmDiagnostics(t0, {
      unread_conversations: convs.filter((x) => x.turns.length === 0).map((x) => ({ conversation_id: x.id, reason: 'no transcript' })),
      dropped_quotes: droppedQuotes,
    }),
  };
  return { answer, evidence: contrastEvidence(c) };
}
