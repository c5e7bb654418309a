import type { Principal } from '../auth/keys.js';
import { validateFilters } from '../conversations/filters.js';
import type { Withheld } from '../conversations/visibility.js';
import { listMetricDefs } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import { otherEnvironmentsInWindow, type DrawScope } from '../db/samples-draw.js';
import { findSample, insertSample, listSampleMembers, type SampleRow } from '../db/samples.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { allocate } from './allocation.js';
import { drawStratum } from './draw-stratum.js';
import { frameEntry, type SampleFrameEntry } from './frame.js';
import { stratumPopulation, type Population } from './population.js';
import { loadMembers, type SampleMember } from './members.js';
import { SampleRequestSchema, type SampleRequest, type SampleRequestInput } from './request.js';
import { resolveStrata, type Stratum } from './strata.js';
import { resolveWindow } from './window.js';

export interface SampleFilters {
  environment: string;
  channel: string[] | null;
  filters: SampleRequest['filters'];
  transcript: boolean | null;
  min_turns: number | null;
  include_not_written: boolean;
  exact_counts: boolean;
}

/** A stored sample: how it was drawn, its frame, and its members as they are now. */
export interface Sample {
  id: string;
  project_id: string;
  created_at: string;
  metric: string;
  seed: number | string;
  allocation: SampleRequest['allocation'];
  per_stratum: number | null;
  total: number | null;
  strata: Stratum[];
  window: { start: string; end: string };
  filters: SampleFilters;
  frame: SampleFrameEntry[];
  conversations: SampleMember[];
  /** what the caller's key or the project's api-config kept out of `conversations`, and why */
  withheld: Withheld;
}

export interface SampleOptions {
  principal?: Principal | undefined;
  /** load transcripts where visible (default true) */
  turns?: boolean | undefined;
}

function randomSeed(): number {
  const [a] = crypto.getRandomValues(new Uint32Array(1));
  return a!;
}

/**
 * Draws a stratified sample, stores it with its members, and returns it. Accepts the raw
 * request (validated here, so the analyst and the API share one set of rules) or a parsed one.
 */
export async function drawSample(deps: Deps, project: ProjectRow, input: SampleRequestInput | SampleRequest, opts: SampleOptions = {}): Promise<Sample> {
  const parsed = SampleRequestSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ pointer: ['/body', ...i.path.map(String)].join('/'), detail: i.message }));
    throw new AppError('validation', `Invalid sample request: ${errors[0]!.pointer} ${errors[0]!.detail}`, { errors });
  }
  const request = { ...parsed.data, seed: parsed.data.seed ?? randomSeed() };
  const defs = await listMetricDefs(deps.db, project.id, { includeArchived: true });
  const metric = defs.find((d) => d.name === request.metric);
  if (!metric) {
    const detail = `unknown metric "${request.metric}" in project "${project.slug}"`;
    throw new AppError('validation', `Invalid sample request: ${detail}`, { errors: [{ pointer: '/body/metric', detail }] });
  }
  const strata = resolveStrata(metric, request.strata, request.include_not_written);
  const filters = validateFilters(request.filters, defs, '/body/filters');
  const { start, end } = resolveWindow(deps, request.start_time, request.end_time);
  const otherEnvironments = await otherEnvironmentsInWindow(deps.db, project.id, request.environment, start, end);
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

  const populations: Population[] = [];
  for (const s of strata) populations.push(await stratumPopulation(deps.db, scope, s, request.exact_counts));
  const sizes = allocate(
    request,
    populations.map((p) => p.value),
  );
  const seed = String(request.seed);
  const members: { conversation_id: string; stratum: string }[] = [];
  const frame: SampleFrameEntry[] = [];
  for (const [i, s] of strata.entries()) {
    const ids = await drawStratum(deps.db, scope, s, sizes[i]!, populations[i]!.value, seed);
    for (const id of ids) members.push({ conversation_id: id, stratum: s.label });
    frame.push(frameEntry(s.label, populations[i]!, ids.length));
  }

  const id = deps.ids.make('smp');
  const stored = { ...request, start_time: start.toISOString(), end_time: end.toISOString(), strata };
  await insertSample(
    deps.db,
    {
      id,
      project_id: project.id,
      metric: metric.name,
      seed: request.seed,
      request: stored,
      window_start: start,
      window_end: end,
      frame,
      created_by: opts.principal?.keyId ?? null,
      created_at: deps.clock.now(),
    },
    members,
  );
  return getSample(deps, project, id, opts);
}

/** A stored sample with exactly the members it was drawn with; erased ones marked as such. */
export async function getSample(deps: Deps, project: ProjectRow, id: string, opts: SampleOptions = {}): Promise<Sample> {
  const row = await findSample(deps.db, project.id, id);
  if (!row) throw new AppError('not_found', `Sample "${id}" was not found in project "${project.slug}"`);
  const { members, visibility } = await loadMembers(deps, project.id, await listSampleMembers(deps.db, id), opts);
  return present(row, members, visibility.withheld);
}

function present(row: SampleRow, conversations: SampleMember[], withheld: Withheld): Sample {
  const r = row.request as unknown as SampleRequest & { strata: Stratum[] };
  return {
    id: row.id,
    project_id: row.project_id,
    created_at: row.created_at.toISOString(),
    metric: row.metric,
    seed: row.seed,
    allocation: r.allocation,
    per_stratum: r.per_stratum ?? null,
    total: r.total ?? null,
    strata: r.strata,
    window: { start: row.window_start.toISOString(), end: row.window_end.toISOString() },
    filters: {
      environment: r.environment,
      channel: r.channel ?? null,
      filters: r.filters,
      transcript: r.transcript ?? null,
      min_turns: r.min_turns ?? null,
      include_not_written: r.include_not_written,
      exact_counts: r.exact_counts ?? false,
    },
    frame: row.frame as SampleFrameEntry[],
    conversations,
    withheld,
  };
}
