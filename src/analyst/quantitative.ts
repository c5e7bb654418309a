import { validateFilters } from '../conversations/filters.js';
import { listMetricDefs } from '../db/metrics.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { noLlmDiagnostics, type Answer, type Figure, type Plan } from './contract.js';
import { checkPlan } from './planner/check.js';
import { bucketStarts, trendFigures, windowFigures } from './quantitative/figures.js';
import { countByValue, countByValueAndBucket, countConversations, type Scope } from './quantitative/queries.js';
import { describeQuantitative } from './quantitative/summary.js';

export interface QuantitativeOptions {
  /** which engine is answering: both answer counts exactly from the store */
  engine?: Answer['engine'];
  model?: string | null;
}

/**
 * Counts, rates and trends, exactly, from SQL over every conversation in the window (never a
 * sample): each value of the metric with its denominator, the conversations where it was not
 * written, and Wilson intervals for every rate.
 */
export async function answerQuantitative(
  deps: Deps,
  project: { id: string; slug: string },
  plan: Plan,
  question: string,
  opts: QuantitativeOptions = {},
): Promise<Answer> {
  const t0 = performance.now();
  const metrics = await listMetricDefs(deps.db, project.id);
  const problems = checkPlan(plan, metrics);
  if (problems.length) throw new AppError('validation', `The plan does not fit this project: ${problems.join('; ')}`, { errors: problems.map((detail) => ({ pointer: '/plan', detail })) });
  const metric = metrics.find((m) => m.name === plan.metric)!;
  const scope: Scope = {
    projectId: project.id,
    environment: plan.environment,
    start: new Date(plan.window.start),
    end: new Date(plan.window.end),
    channels: plan.channels,
    filters: validateFilters(plan.filters, metrics, '/plan/filters'),
  };

  let figures: Figure[];
  let previous: Figure[] | null = null;
  if (plan.measure === 'trend') {
    const interval = plan.interval ?? 'day';
    const rows = await countByValueAndBucket(deps.db, scope, metric.id, interval);
    figures = trendFigures(plan, metric, rows, bucketStarts(scope.start, scope.end, interval));
  } else {
    const [counts, total] = await Promise.all([countByValue(deps.db, scope, metric.id), countConversations(deps.db, scope)]);
    figures = windowFigures(plan, metric, counts, total);
    if (plan.measure === 'comparison') {
      const span = scope.end.getTime() - scope.start.getTime();
      const before: Scope = { ...scope, start: new Date(scope.start.getTime() - span), end: scope.start };
      const [c2, t2] = await Promise.all([countByValue(deps.db, before, metric.id), countConversations(deps.db, before)]);
      previous = windowFigures(plan, metric, c2, t2, 'previous window: ');
      figures = [...figures, ...previous];
    }
  }

  const { summary, caveats } = describeQuantitative(plan, metric, figures, previous);
  return {
    engine: opts.engine ?? 'statistical',
    model: opts.model ?? null,
    kind: 'quantitative',
    question,
    summary,
    plan,
    figures,
    caveats: [...(plan.notes ?? []), ...caveats],
    diagnostics: noLlmDiagnostics(t0),
  };
}
