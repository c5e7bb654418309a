import { listMetricDefs, type MetricRow } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { LlmError } from '../llm/types.js';
import { LLM_DEFAULT, resolvedBudget, resolvedRedaction, type AskOptions } from './ask-options.js';
import type { Answer, Clarification, EmitEvent, Plan } from './contract.js';
import { runLlmEngine } from './llm/engine.js';
import { QuestionMeter } from './llm/meter.js';
import { planWithLlm } from './llm/plan.js';
import { matchPlan } from './planner/match.js';
import { answerQuantitative } from './quantitative.js';
import { formatEvidence } from './llm/evidence.js';
import { DEFAULT_SAMPLE, runStatistical, runStatisticalWithEvidence } from './statistical/engine.js';
import { examplesAnswer, examplesRequest, historyText, lastThemed, type Exchange } from './threads/followup.js';

export interface AskInput {
  question: string;
  history?: Exchange[];
  options: AskOptions;
  emit?: EmitEvent;
}

const DEFAULT_WINDOW_DAYS = 30;

type Planned = { plan: Plan; notes: string[] } | { clarification: Clarification } | { examples: number };

/** The LLM's plan, held to the project's metrics; the deterministic matcher when it fails. */
async function makePlan(deps: Deps, metrics: MetricRow[], input: AskInput, meter: QuestionMeter): Promise<Planned> {
  const now = deps.clock.now();
  const history = input.history ?? [];
  const priorPlans = history.map((h) => h.plan).filter((p): p is Plan => p !== null);
  const maxWindowDays = deps.config.SIFT_MAX_WINDOW_DAYS;
  const matched = () => {
    const r = matchPlan(input.question, metrics, { now, history: priorPlans, maxWindowDays, defaultDays: DEFAULT_WINDOW_DAYS });
    return r.kind === 'clarification' ? { clarification: r } : { plan: r, notes: [] as string[] };
  };
  if (!deps.llm) return matched();
  try {
    const r = await planWithLlm(deps.llm, meter, metrics, input.question, { now, history: historyText(history), maxWindowDays, defaultDays: DEFAULT_WINDOW_DAYS });
    if ('problems' in r) {
      const fallback = matched();
      return 'plan' in fallback ? { ...fallback, notes: [`The LLM's plan did not fit the project (${r.problems.join('; ')}); the deterministic planner's plan was used.`] } : fallback;
    }
    return 'plan' in r ? { plan: r.plan, notes: [] } : r;
  } catch (e) {
    if (!(e instanceof LlmError)) throw e;
    const fallback = matched();
    return 'plan' in fallback ? { ...fallback, notes: [`The LLM planner failed (${e.message}); the deterministic planner's plan was used.`] } : fallback;
  }
}

/**
 * Answers one question: plan it (with the LLM when one is configured, checked by the
 * deterministic matcher), answer counts exactly from the store, and why-questions with the LLM
 * engine or, without an LLM, the statistical engine. Emits each stage as it completes.
 */
export async function ask(deps: Deps, project: ProjectRow, input: AskInput): Promise<Answer | Clarification> {
  const emit = input.emit ?? (() => {});
  const history = input.history ?? [];
  const finish = <T extends Answer | Clarification>(a: T): T => (emit({ stage: 'answer', answer: a }), a);

  const asked = examplesRequest(input.question);
  const last = lastThemed(history);
  if (asked !== null && last) return finish(examplesAnswer(input.question, last, asked));

  const metrics = await listMetricDefs(deps.db, project.id);
  const meter = new QuestionMeter(resolvedBudget(deps.config, input.options));
  const planned = await makePlan(deps, metrics, input, meter);
  if ('examples' in planned) {
    if (last) return finish(examplesAnswer(input.question, last, planned.examples));
    return finish({ kind: 'clarification', question: 'There is no earlier answer with reasons in this thread to show examples of. What would you like to know?', candidates: [] });
  }
  if ('clarification' in planned) {
    emit({ stage: 'plan', plan: planned.clarification });
    return finish(planned.clarification);
  }
  const plan = planned.notes.length ? { ...planned.plan, notes: [...(planned.plan.notes ?? []), ...planned.notes] } : planned.plan;
  emit({ stage: 'plan', plan });

  const llm = deps.llm;
  let answer: Answer;
  if (plan.kind === 'quantitative') {
    answer = await answerQuantitative(deps, project, plan, input.question, { engine: llm ? 'llm' : 'statistical', model: llm?.model ?? null });
    if (llm) answer = { ...answer, diagnostics: { ...answer.diagnostics, tokens: { prompt: meter.prompt, completion: meter.completion }, calls: meter.calls } };
  } else if (llm) {
    const o = input.options;
    const redact = resolvedRedaction(deps.config, o);
    const seed = o.seed !== undefined ? { seed: o.seed } : {};
    const evidence = o.evidence ? formatEvidence((await runStatisticalWithEvidence(deps, project, plan, input.question, seed)).evidence, redact) : undefined;
    answer = await runLlmEngine(deps, llm, project, plan, input.question, {
      failures: o.failures ?? LLM_DEFAULT.failures,
      successes: o.successes ?? LLM_DEFAULT.successes,
      ...seed,
      budget: resolvedBudget(deps.config, o),
      transcriptTokens: o.transcript_tokens,
      redact,
      concurrency: deps.config.SIFT_LLM_CONCURRENCY,
      emit,
      meter,
      ...(evidence ? { evidence } : {}),
    });
  } else {
    const o = input.options;
    answer = await runStatistical(deps, project, plan, input.question, {
      emit,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.failures || o.successes ? { sampleSize: { failures: o.failures ?? DEFAULT_SAMPLE.failures, successes: o.successes ?? DEFAULT_SAMPLE.successes } } : {}),
    });
  }
  return finish(answer);
}
