import { z } from 'zod';
import { getApiConfig, putApiConfig } from '../db/conversations-config.js';
import { listMetricDefs } from '../db/metrics.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';

export const ApiConfigBody = z
  .object({
    response_metrics: z.union([z.literal('all'), z.array(z.string().min(1)).max(1000)]),
    transcripts: z.boolean(),
  })
  .strict();
export type ApiConfigInput = z.infer<typeof ApiConfigBody>;

export function readApiConfig(deps: Deps, project: ProjectRow) {
  return getApiConfig(deps.db, project.id);
}

/** Names in response_metrics must be metrics of the project, so a typo does not silently hide one. */
export async function writeApiConfig(deps: Deps, project: ProjectRow, body: ApiConfigInput) {
  if (body.response_metrics !== 'all') {
    const known = new Set((await listMetricDefs(deps.db, project.id, { includeArchived: true })).map((m) => m.name));
    const errors = body.response_metrics.flatMap((n, i) => (known.has(n) ? [] : [{ pointer: `/body/response_metrics/${i}`, detail: `no metric named "${n}" in this project` }]));
    if (errors.length) throw new AppError('validation', `Unknown metric in response_metrics: ${errors[0]!.detail}`, { errors });
  }
  const names = body.response_metrics === 'all' ? 'all' : [...new Set(body.response_metrics)];
  return putApiConfig(deps.db, project.id, { response_metrics: names, transcripts: body.transcripts }, deps.clock.now());
}
