import { validateFilters } from '../conversations/filters.js';
import type { MetricRow } from '../db/metrics.js';
import { listMetricDefs } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import { otherEnvironmentsInWindow, type DrawScope } from '../db/samples-draw.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { allocate } from './allocation.js';
import { drawStratum } from './draw-stratum.js';
import { frameEntry, type SampleFrameEntry } from './frame.js';
import { stratumPopulation } from './population.js';
import { MAX_TOTAL, SampleRequestSchema, type SampleRequest, type SampleRequestInput } from './request.js';
import { resolveStrata, type Stratum } from './strata.js';
import { resolveWindow } from './window.js';

export interface Selection {
  request: SampleRequest & { seed: number | string };
  metric: MetricRow;
  /** the project's metric definitions, archived ones included */
  defs: MetricRow[];
  strata: Stratum[];
  start: Date;
  end: Date;
  frame: SampleFrameEntry[];
  /** in stratum order, then draw order within the stratum */
  members: { conversation_id: string; stratum: string }[];
}

function randomSeed(): number {
  const [a] = crypto.getRandomValues(new Uint32Array(1));
  return a!;
}

/** Validates a request against the project's metrics and draws its members; stores nothing. */
export async function selectSample(deps: Deps, project: ProjectRow, input: SampleRequestInput | SampleRequest): Promise<Selection> {
  const parsed = SampleRequestSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ pointer: ['/body', ...i.path.map(String)].join('/'), detail: i.message }));
    throw new AppError('validation', `Invalid sample request: ${errors[0]!.pointer} ${errors[0]!.detail}`, { errors });
  }
  const request = { ...parsed.data, seed: parsed.data.seed ?? randomSeed() };
  const { start, end } = resolveWindow(deps, request.start_time, request.end_time);
  const [defs, otherEnvironments] = await Promise.all([
    listMetricDefs(deps.db, project.id, { includeArchived: true }),
    otherEnvironmentsInWindow(deps.db, project.id, request.environment, start, end),
  ]);
  const metric = defs.find((d) => d.name === request.metric);
  if (!metric) {
    const detail = `unknown metric "${request.metric}" in project "${project.slug}"`;
    throw new AppError('validation', `Invalid sample request: ${detail}`, { errors: [{ pointer: '/body/metric', detail }] });
  }
  const strata = resolveStrata(metric, request.strata, request.include_not_written);
  const asked = strata.reduce((sum, s) => sum + (s.n ?? request.per_stratum ?? 0), 0);
  if (request.allocation === 'fixed' && asked > MAX_TOTAL) {
    const detail = `${strata.length} strata asking for ${asked} conversations is more than ${MAX_TOTAL} in one sample`;
    throw new AppError('validation', `Invalid sample request: ${detail}`, { errors: [{ pointer: '/body/per_stratum', detail }] });
  }
  const filters = validateFilters(request.filters, defs, '/body/filters');
  const scope: DrawScope = {
    projectId: project.id,
    metricId: metric.id,
    start,
    end,
    environment: request.environment,
    channels: request.channel ?? null,
    filters,
    transcript: request.transcript,
    minTurns: request.min_turns,
    otherEnvironments,
  };

  // strata are independent: on a server pool their queries run side by side
  const populations = await Promise.all(strata.map((s) => stratumPopulation(deps.db, scope, s, request.exact_counts)));
  const sizes = allocate(
    request,
    populations.map((p) => p.value),
    strata.map((s) => s.n),
  );
  const seed = String(request.seed);
  const drawn = await Promise.all(strata.map((s, i) => drawStratum(deps.db, scope, s, sizes[i]!, populations[i]!.value, seed)));
  return {
    request,
    metric,
    defs,
    strata,
    start,
    end,
    frame: strata.map((s, i) => frameEntry(s.label, populations[i]!, drawn[i]!.length)),
    members: strata.flatMap((s, i) => drawn[i]!.map((id) => ({ conversation_id: id, stratum: s.label }))),
  };
}
