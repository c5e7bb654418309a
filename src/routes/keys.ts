import { z } from 'zod';
import { CreateKeyBody, createKey, listWorkspaceKeys, projectsForNewKey, revokeWorkspaceKey } from '../auth/keys.js';
import type { Router } from '../http/router.js';
import { resolveProjectIds } from '../projects/projects.js';

const KeyShape = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  projects: z.array(z.string()).nullable(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  created_at: z.string(),
});

export function keyRoutes(r: Router) {
  r.add(
    {
      method: 'post',
      path: '/v1/keys',
      scope: 'admin',
      tag: 'keys',
      summary: 'Create an API key; the secret is shown once',
      body: CreateKeyBody,
      status: 201,
      response: KeyShape.extend({ secret: z.string() }),
    },
    async ({ deps, principal, body }) => {
      const requested = body.projects ? await resolveProjectIds(deps, principal, body.projects) : null;
      const projectIds = projectsForNewKey(principal, requested);
      const { key, secret } = await createKey(deps, principal.workspaceId, { ...body, projectIds });
      return { ...key, secret };
    },
  );
  r.add(
    { method: 'get', path: '/v1/keys', scope: 'admin', tag: 'keys', summary: 'List API keys (never their secrets)', response: z.object({ data: z.array(KeyShape) }) },
    async ({ deps, principal }) => ({ data: await listWorkspaceKeys(deps, principal) }),
  );
  r.add(
    { method: 'delete', path: '/v1/keys/:id', scope: 'admin', tag: 'keys', summary: 'Revoke an API key', response: KeyShape },
    ({ deps, principal, params }) => revokeWorkspaceKey(deps, principal, params.id!),
  );
}
