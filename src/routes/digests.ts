import { z } from 'zod';
import { runDueDigests } from '../digests/due.js';
import { CreateDigestBody, PatchDigestBody, RunDigestBody, RunsQuery } from '../digests/input.js';
import { createDigest, getDigest, pageDigests, patchDigest, presentDigest, removeDigest } from '../digests/manage.js';
import { pageRuns, runDigestNow } from '../digests/runs.js';
import { readJson } from '../http/input.js';
import type { Router } from '../http/router.js';

// Admin only: a digest sends project data to a URL of the caller's choosing, and holds secrets.
export function digestRoutes(r: Router) {
  const base = '/v1/projects/:project/digests';
  r.add(
    { method: 'post', path: base, scope: 'admin', tag: 'digests', summary: 'Create a scheduled digest; generated webhook secrets are shown once', body: CreateDigestBody, status: 201 },
    ({ deps, project, body }) => createDigest(deps, project, body),
  );
  r.add(
    { method: 'get', path: base, scope: 'admin', tag: 'digests', summary: "List the project's digests", query: RunsQuery },
    ({ deps, project, query }) => pageDigests(deps, project, query),
  );
  r.add(
    { method: 'get', path: `${base}/:id`, scope: 'admin', tag: 'digests', summary: 'Get a digest' },
    async ({ deps, project, params }) => presentDigest(await getDigest(deps, project, params.id!)),
  );
  r.add(
    { method: 'patch', path: `${base}/:id`, scope: 'admin', tag: 'digests', summary: 'Change a digest (targets are replaced as a whole)', body: PatchDigestBody },
    ({ deps, project, params, body }) => patchDigest(deps, project, params.id!, body),
  );
  r.add(
    { method: 'delete', path: `${base}/:id`, scope: 'admin', tag: 'digests', summary: 'Delete a digest and its runs' },
    ({ deps, project, params }) => removeDigest(deps, project, params.id!),
  );
  r.add(
    {
      method: 'post',
      path: `${base}/:id/run`,
      scope: 'admin',
      tag: 'digests',
      summary: 'Run a digest now for the period ending at period_end (default: the latest schedule tick); once per period',
    },
    // the body is optional: an empty POST runs the latest period
    async ({ c, deps, project, params }) => {
      const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : await readJson(c, RunDigestBody);
      return runDigestNow(deps, project, params.id!, body.period_end);
    },
  );
  r.add(
    { method: 'get', path: `${base}/:id/runs`, scope: 'admin', tag: 'digests', summary: "A digest's runs, newest period first, with every delivery attempt", query: RunsQuery },
    ({ deps, project, params, query }) => pageRuns(deps, project, params.id!, query),
  );
  r.add(
    {
      method: 'post',
      path: '/v1/digests/run-due',
      scope: 'admin',
      tag: 'digests',
      summary: "Run the digests of this key's workspace that are due (for an external cron: sift digest run-due)",
      response: z.object({ data: z.array(z.object({ digest_id: z.string(), period_end: z.string(), status: z.string(), error: z.string().optional() })) }),
    },
    async ({ deps, principal }) => ({ data: await runDueDigests(deps, deps.clock.now(), { workspaceId: principal.workspaceId, projectIds: principal.projectIds }) }),
  );
}
