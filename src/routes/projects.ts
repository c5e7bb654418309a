import { z } from 'zod';
import type { Router } from '../http/router.js';
import { CreateProjectBody, createProject, listVisibleProjects } from '../projects/projects.js';

const ProjectShape = z.object({ id: z.string(), slug: z.string(), name: z.string(), created_at: z.string() });

export function projectRoutes(r: Router) {
  r.add(
    { method: 'post', path: '/v1/projects', scope: 'admin', tag: 'projects', summary: 'Create a project', body: CreateProjectBody, status: 201, response: ProjectShape },
    ({ deps, principal, body }) => createProject(deps, principal, body),
  );
  r.add(
    { method: 'get', path: '/v1/projects', scope: 'admin', tag: 'projects', summary: 'List projects', response: z.object({ data: z.array(ProjectShape) }) },
    async ({ deps, principal }) => ({ data: await listVisibleProjects(deps, principal) }),
  );
}
