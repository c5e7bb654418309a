import type { ProjectRow } from '../../db/projects.js';
import { loadTurns } from '../../db/turns.js';
import type { Deps } from '../../deps.js';
import { estimateCost, isPriced } from '../../llm/pricing.js';
import { LlmError, type LlmClient } from '../../llm/types.js';
import type { Answer, EmitEvent, Plan, Theme } from '../contract.js';
import type { PiiKind } from '../redact/pii.js';
import { checkThemes } from './check.js';
import { newDiagnostics, type EngineContext } from './context.js';
import { estimateRun } from './estimate.js';
import { pickExamples, verifyFacetQuotes } from './examples.js';
import { QuestionMeter, type Budget } from './meter.js';
import { narrate } from './narrative.js';
import { quantifyTheme, type StratumTally } from './quantify.js';
import { readTranscripts } from './read.js';
import { drawAnalystSample } from './sample.js';
import { proposeThemes } from './themes.js';
import { prepareTranscript, type PreparedTranscript } from './transcript.js';

export interface LlmEngineOptions {
  failures: number;
  successes: number;
  seed?: string | number;
  budget: Budget;
  transcriptTokens: number;
  redact: readonly PiiKind[];
  concurrency: number;
  /** offline contrast statistics handed to the theme proposer as extra evidence */
  evidence?: string;
  emit?: EmitEvent;
  /** a meter already charged by the planning call of the same question */
  meter?: QuestionMeter;
}

/**
 * The LLM engine for why-questions: sample failures and successes, read each redacted and
 * trimmed transcript into facets, propose reasons from the failures, check every read
 * conversation against every reason, count, verify the quotes, and answer.
 */
export async function runLlmEngine(deps: Deps, llm: LlmClient, project: ProjectRow, plan: Plan, question: string, opts: LlmEngineOptions): Promise<Answer> {
  const t0 = performance.now();
  const emit = opts.emit ?? (() => {});
  const meter = opts.meter ?? new QuestionMeter(opts.budget);
  const ctx: EngineContext = { deps, llm, project, question, plan, meter, concurrency: opts.concurrency, emit, ...newDiagnostics() };

  const sample = await drawAnalystSample(deps, project, plan, opts);
  emit({ stage: 'sample', sample_id: sample.id, frame: sample.frame });
  const ids = sample.conversations.map((c) => c.id);
  const groupOf = new Map(sample.conversations.map((c) => [c.id, c.group]));
  const turns = await loadTurns(deps.db, project.id, ids);
  const count = (s: string) => llm.countTokens(s);
  const prepared = ids.map((id, i) => prepareTranscript(id, `c${i + 1}`, turns.get(id) ?? [], { kinds: opts.redact, budgetTokens: opts.transcriptTokens, count }));
  const byId = new Map<string, PreparedTranscript>(prepared.map((p) => [p.conversationId, p]));
  let estimate: ReturnType<typeof estimateRun> | undefined;
  // estimated once the cache has answered what it can: only uncached transcripts cost a read
  const { facets, cached } = await readTranscripts(ctx, prepared, (todo) => {
    estimate = estimateRun({ model: llm.model, transcriptTokens: todo.map((p) => p.tokens), conversations: prepared.length, failures: sample.frame[0]!.sampled, concurrency: opts.concurrency, budget: opts.budget });
    emit({ stage: 'estimate', ...estimate });
  });
  verifyFacetQuotes(ctx, facets, byId);
  const failureFacets = [...facets.entries()].filter(([id]) => groupOf.get(id) === 'failures').map(([, f]) => f);

  let proposed: { title: string; criterion: string }[] = [];
  const caveats: string[] = [...(plan.notes ?? [])];
  if (failureFacets.length > 0) {
    try {
      proposed = await proposeThemes(ctx, failureFacets, opts.evidence);
    } catch (e) {
      if (!(e instanceof LlmError)) throw e;
      caveats.push(`No reasons could be proposed: ${e.message}.`);
    }
  }
  emit({ stage: 'themes', themes: proposed });

  const checks = proposed.length ? await checkThemes(ctx, proposed, facets) : new Map();
  const readIds = proposed.length ? ids.filter((id) => checks.has(id)) : ids.filter((id) => facets.has(id));
  for (const id of readIds) ctx.unread.delete(id);
  const readIn = (g: 'failures' | 'successes') => readIds.filter((id) => groupOf.get(id) === g);

  const themes: Theme[] = proposed.map((p, i) => {
    const tallies: StratumTally[] = sample.frame.map((f) => {
      const group = f.value as 'failures' | 'successes';
      const read = readIn(group);
      return { group, population: f.population, read: read.length, matched: read.filter((id) => checks.get(id)?.has(i)).length };
    });
    const evidence = readIn('failures')
      .filter((id) => checks.get(id)?.has(i))
      .map((id) => ({ conversationId: id, ...checks.get(id)!.get(i)! }));
    return { title: p.title, criterion: p.criterion, ...quantifyTheme(tallies), examples: pickExamples(ctx, evidence, byId) };
  });
  themes.sort((a, b) => Number(b.distinctive) - Number(a.distinctive) || b.failures.share - a.failures.share);

  const readF = readIn('failures').length;
  const readS = readIn('successes').length;
  if (meter.exhausted) caveats.push(`The question's LLM budget (${opts.budget.maxTokens} tokens, ${opts.budget.maxCalls} calls) ran out: this answer covers only the ${readIds.length} of ${ids.length} sampled conversations read before it did.`);
  if (ctx.unread.size) caveats.push(`${ctx.unread.size} of ${ids.length} sampled conversations could not be read; shares are over the ${readIds.length} that were.`);
  for (const f of sample.frame) {
    const wanted = sample.requested[f.value as 'failures' | 'successes'];
    if (f.population < wanted) caveats.push(`Only ${f.population} ${f.value} in the window (asked for ${wanted}).`);
    else if (f.sampled < 20) caveats.push(`The ${f.value} stratum is small (${f.sampled} sampled): intervals are wide.`);
  }
  if (ctx.dropped.leaks) caveats.push(`${ctx.dropped.leaks} model-written reason(s) were withheld because they repeated the analyst's instructions (a transcript may contain an injected instruction).`);
  if (!isPriced(llm.model)) caveats.push(`No price is known for ${llm.model}: the cost is a rough estimate.`);

  const usage = { prompt: meter.prompt, completion: meter.completion };
  return {
    engine: 'llm',
    model: llm.model,
    kind: 'qualitative',
    question,
    summary: narrate(plan, sample.frame, themes, readF, readS),
    plan,
    sample_id: sample.id,
    frame: sample.frame,
    themes,
    caveats,
    diagnostics: {
      unread_conversations: [...ctx.unread].map(([conversation_id, reason]) => ({ conversation_id, reason })),
      dropped_quotes: ctx.dropped.quotes,
      dropped_ids: ctx.dropped.ids,
      tokens: usage,
      calls: meter.calls,
      estimated_cost_usd: estimateCost(llm.model, usage),
      budget_exhausted: meter.exhausted,
      duration_ms: Math.round(performance.now() - t0),
      ...(estimate ? { estimate } : {}),
      cached_reads: cached,
      withheld_for_prompt_leak: ctx.dropped.leaks,
    },
  };
}
