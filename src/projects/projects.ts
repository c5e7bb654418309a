import { z } from 'zod';
import type { Principal } from '../auth/keys.js';
import { insertProject, listProjects, type ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { resolveProject } from '../http/router.js';

export const CreateProjectBody = z.object({
  slug: z
    .string()
    .min(2)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and hyphens, starting with a letter or digit')
    .refine((s) => !s.startsWith('prj_'), 'must not start with "prj_" (reserved for project ids)'),
  name: z.string().trim().min(1).max(200),
});

export function publicProject(row: ProjectRow) {
  return { id: row.id, slug: row.slug, name: row.name, created_at: row.created_at.toISOString() };
}

export async function createProject(deps: Deps, principal: Principal, input: z.infer<typeof CreateProjectBody>) {
  if (principal.projectIds) {
    throw new AppError('forbidden', 'This API key is restricted to some projects and cannot create projects');
  }
  const row = await insertProject(deps.db, { id: deps.ids.make('prj'), workspace_id: principal.workspaceId, ...input });
  if (!row) throw new AppError('conflict', `A project with slug "${input.slug}" already exists`);
  return publicProject(row);
}

export async function listVisibleProjects(deps: Deps, principal: Principal) {
  return (await listProjects(deps.db, principal.workspaceId, principal.projectIds)).map(publicProject);
}

/** Turns ids or slugs into ids, refusing any this key cannot see. */
export async function resolveProjectIds(deps: Deps, principal: Principal, idsOrSlugs: string[]) {
  const out: string[] = [];
  for (const [i, s] of idsOrSlugs.entries()) {
    try {
      out.push((await resolveProject(deps, principal, s)).id);
    } catch {
      throw new AppError('validation', `Project "${s}" was not found`, {
        errors: [{ pointer: `/body/projects/${i}`, detail: 'no such project' }],
      });
    }
  }
  return [...new Set(out)];
}
