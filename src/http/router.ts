import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { authenticate, requireScope, type Principal } from '../auth/keys.js';
import type { Scope } from '../auth/scopes.js';
import { RowCache } from '../auth/row-cache.js';
import { findProject, type ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { withIdempotency } from './idempotency.js';
import { parseWith, queryObject, readJson, refuseUnstorable } from './input.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> {
  method: Method;
  /** Hono path, for example `/v1/projects/:project/metrics/:name` */
  path: string;
  /** the scope a key needs; `public` routes take no key */
  scope: Scope | 'public';
  summary: string;
  tag: string;
  body?: B;
  query?: Q;
  /** documents the success response in /openapi.json */
  response?: z.ZodType;
  status?: 200 | 201 | 202 | 204;
  /** response media types other than JSON (exports, SSE) */
  produces?: string[];
}

export interface RouteInput<B extends z.ZodType, Q extends z.ZodType> {
  c: Context;
  deps: Deps;
  /** null only on public routes */
  principal: Principal;
  /** set when the path has `:project`; the key may see it */
  project: ProjectRow;
  params: Record<string, string>;
  body: z.output<B>;
  query: z.output<Q>;
}

type Handler<B extends z.ZodType, Q extends z.ZodType> = (input: RouteInput<B, Q>) => Promise<unknown> | unknown;

/** Resolves `{project}` for this key: a project it may not see is a 404, as if it did not exist. */
// projects are never renamed or deleted through the API, so a short cache is safe
const projectRows = new RowCache<ProjectRow>(60_000);

export async function resolveProject(deps: Deps, principal: Principal, idOrSlug: string): Promise<ProjectRow> {
  const cacheKey = `${principal.workspaceId}\u0000${idOrSlug}`;
  const nowMs = deps.clock.now().getTime();
  let project = projectRows.get(deps.db, cacheKey, nowMs);
  if (!project) {
    project = await findProject(deps.db, principal.workspaceId, idOrSlug);
    if (project) projectRows.set(deps.db, cacheKey, project, nowMs);
  }
  if (!project || (principal.projectIds && !principal.projectIds.includes(project.id))) {
    throw new AppError('not_found', `Project "${idOrSlug}" was not found`);
  }
  return project;
}

export function presentedKey(c: Context): string | undefined {
  const auth = c.req.header('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) throw new AppError('unauthorized', 'The Authorization header must read "Bearer <key>"');
    return m[1];
  }
  return c.req.header('x-api-key')?.trim() || undefined;
}

/**
 * Registers routes on the app and keeps their specs for /openapi.json and for the
 * scope-by-route tests. Each route authenticates, resolves its project, checks its scope,
 * validates its input, then hands over to one domain call.
 */
export class Router {
  readonly specs: RouteSpec[] = [];
  constructor(
    readonly app: Hono,
    readonly deps: Deps,
  ) {}

  add<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType>(spec: RouteSpec<B, Q>, handler: Handler<B, Q>) {
    this.specs.push(spec as unknown as RouteSpec);
    const deps = this.deps;
    this.app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      let principal = null as unknown as Principal;
      let project = null as unknown as ProjectRow;
      const params = c.req.param() as Record<string, string>;
      refuseUnstorable(params, ['path']);
      if (spec.scope !== 'public') {
        principal = await authenticate(deps, presentedKey(c));
        const slug = c.req.param('project');
        if (slug !== undefined) project = await resolveProject(deps, principal, slug);
        requireScope(principal, spec.scope);
      }
      const query = spec.query ? parseWith(spec.query, queryObject(c), '/query', 'query parameters') : undefined;
      const run = async () => {
        const body = spec.body ? await readJson(c, spec.body) : undefined;
        const result = await handler({
          c,
          deps,
          principal,
          project,
          params,
          body: body as z.output<B>,
          query: query as z.output<Q>,
        });
        if (result instanceof Response) return result;
        if (spec.status === 204) return c.body(null, 204);
        return c.json(result as object, spec.status ?? 200);
      };
      const idemKey = c.req.header('idempotency-key');
      if (idemKey !== undefined && spec.method !== 'get' && principal) {
        return withIdempotency(c, deps, principal.keyId, idemKey, run);
      }
      return run();
    });
  }
}
