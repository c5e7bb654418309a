import type { Principal } from '../auth/keys.js';
import type { Withheld } from '../conversations/visibility.js';
import type { ProjectRow } from '../db/projects.js';
import { findSample, insertSample, listSampleMembers, type SampleRow } from '../db/samples.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { SampleFrameEntry } from './frame.js';
import { loadMembers, type SampleMember } from './members.js';
import type { SampleRequest, SampleRequestInput } from './request.js';
import { selectSample } from './select.js';
import type { Stratum } from './strata.js';

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

/**
 * Draws a stratified sample, stores it with its members, and returns it. Accepts the raw
 * request (validated here, so the analyst and the API share one set of rules) or a parsed one.
 */
export async function drawSample(deps: Deps, project: ProjectRow, input: SampleRequestInput | SampleRequest, opts: SampleOptions = {}): Promise<Sample> {
  const drawn = await selectSample(deps, project, input);
  const id = deps.ids.make('smp');
  const row = {
    id,
    project_id: project.id,
    metric: drawn.metric.name,
    seed: drawn.request.seed,
    request: { ...drawn.request, start_time: drawn.start.toISOString(), end_time: drawn.end.toISOString(), strata: drawn.strata },
    window_start: drawn.start,
    window_end: drawn.end,
    frame: drawn.frame,
    created_by: opts.principal?.keyId ?? null,
    created_at: deps.clock.now(),
  };
  await insertSample(deps.db, row, drawn.members);
  const { members, visibility } = await loadMembers(deps, project.id, drawn.members, { ...opts, defs: drawn.defs });
  return present(row, members, visibility.withheld);
}

/** A stored sample with exactly the members it was drawn with; erased ones marked as such. */
export async function getSample(deps: Deps, project: ProjectRow, id: string, opts: SampleOptions = {}): Promise<Sample> {
  const row = await findSample(deps.db, project.id, id);
  if (!row) throw new AppError('not_found', `Sample "${id}" was not found in project "${project.slug}"`);
  const { members, visibility } = await loadMembers(deps, project.id, await listSampleMembers(deps.db, id), opts);
  return present(row, members, visibility.withheld);
}

function present(row: Pick<SampleRow, 'id' | 'project_id' | 'created_at' | 'metric' | 'seed' | 'request' | 'window_start' | 'window_end' | 'frame'>, conversations: SampleMember[], withheld: Withheld): Sample {
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
