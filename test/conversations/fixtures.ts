import { expect } from 'vitest';
import { applyWrites } from '../../src/metrics/write.js';
import type { TestEnv } from '../support/deps.js';

export interface Project {
  id: string;
  slug: string;
}

export async function makeProject(env: TestEnv, slug: string): Promise<Project> {
  const res = await env.call('POST', '/v1/projects', { slug, name: slug });
  expect(res.status).toBe(201);
  return (await res.json()) as Project;
}

export async function makeKey(env: TestEnv, scopes: string[]): Promise<string> {
  const res = await env.call('POST', '/v1/keys', { name: scopes.join(' ') || 'none', scopes });
  expect(res.status).toBe(201);
  return ((await res.json()) as { secret: string }).secret;
}

/** Metric definitions go straight to the table: these tests are about reading them back. */
export async function defineMetric(
  env: TestEnv,
  project: Project,
  name: string,
  type: 'boolean' | 'categorical' | 'numeric',
  categories: string[] | null = null,
) {
  await env.deps.db
    .insertInto('metric_definitions')
    .values({ id: env.deps.ids.make('met'), project_id: project.id, name, type, categories, min: null, max: null, flow: null, archived_at: null })
    .execute();
}

export async function putConversation(env: TestEnv, project: Project, id: string, body: Record<string, unknown>, key?: string) {
  const res = await env.call('PUT', `/v1/projects/${project.slug}/conversations/${encodeURIComponent(id)}`, body, key);
  if (res.status >= 300) throw new Error(`PUT ${id}: ${res.status} ${await res.text()}`);
  return res;
}

export async function write(env: TestEnv, project: Project, conversationId: string, name: string, value: unknown, opts: { writeOnce?: boolean; source?: string } = {}) {
  const [r] = await applyWrites(env.deps.db, project.id, [{ conversationId, name, value, writeOnce: opts.writeOnce, source: opts.source }]);
  if (!r?.ok) throw new Error(`write failed: ${JSON.stringify(r)}`);
  return r;
}

export async function getJson<T = Record<string, unknown>>(env: TestEnv, path: string, key?: string): Promise<{ status: number; body: T }> {
  const res = await env.call('GET', path, undefined, key);
  return { status: res.status, body: (await res.json()) as T };
}

export interface ListBody {
  data: { id: string; metrics: Record<string, unknown>; turns: unknown[]; num_turns: number }[];
  next_cursor: string | null;
  withheld: Record<string, unknown>;
}

/** Follows next_cursor to the end and returns every id in order. */
export async function allIds(env: TestEnv, path: string, key?: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const { status, body }: { status: number; body: ListBody } = await getJson<ListBody>(env, `${path}${cursor ? `${sep}cursor=${cursor}` : ''}`, key);
    expect(status).toBe(200);
    ids.push(...body.data.map((d) => d.id));
    cursor = body.next_cursor;
  } while (cursor);
  return ids;
}
