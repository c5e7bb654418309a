import { sql } from 'kysely';
import { insertProject } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { applyWrites, MAX_BATCH, type WriteInput } from '../metrics/write.js';
import type { DemoInfo } from '../runtime/banner.js';
import { generateDemo, type DemoData } from './generate.js';
import { loadConversations } from './load-conversations.js';
import { createDemoMetrics } from './metrics.js';

export const DEMO_SLUG = 'demo';
// one statement per table for the whole demo: per-statement costs (triggers, planning) dominate small chunks
const CHUNK = 5000;

/** Writes a generated data set into a new project `slug`, in one transaction. */
export async function seedDemo(deps: Deps, workspaceId: string, data: DemoData, slug = DEMO_SLUG): Promise<DemoInfo> {
  return deps.db.transaction().execute(async (tx) => {
    const project = await insertProject(tx, {
      id: deps.ids.make('prj'),
      workspace_id: workspaceId,
      slug,
      name: 'Demo: Northwind Health voice agent',
    });
    if (!project) throw new Error(`a project with slug "${slug}" already exists`);
    await createDemoMetrics(tx, deps, project.id, data.metrics);
    for (let i = 0; i < data.conversations.length; i += CHUNK) {
      await loadConversations(tx, project.id, data.conversations.slice(i, i + CHUNK));
    }
    const writes: WriteInput[] = data.conversations.flatMap((c) =>
      c.writes.map((w) => ({ conversationId: c.id, name: w.name, value: w.value, source: 'demo', at: new Date(w.at) })),
    );
    for (let i = 0; i < writes.length; i += MAX_BATCH) {
      await applyWrites(tx, project.id, writes.slice(i, i + MAX_BATCH));
    }
    return { projectSlug: project.slug, conversations: data.conversations.length };
  });
}

/**
 * On an empty store (no project yet) seeds the demo project, unless SIFT_DEMO=false.
 * Returns null when nothing was seeded.
 */
export async function seedDemoIfEmpty(deps: Deps, workspaceId: string): Promise<DemoInfo | null> {
  if (!deps.config.SIFT_DEMO) return null;
  const any = await deps.db.selectFrom('projects').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const started = Date.now();
  const info = await seedDemo(deps, workspaceId, generateDemo({ seed: 42, now: deps.clock.now() }));
  // fresh statistics after a bulk load, or the planner scans whole tables until autovacuum runs
  await sql`analyze`.execute(deps.db);
  deps.log.info('demo project seeded', { project: info.projectSlug, conversations: info.conversations, ms: Date.now() - started });
  return info;
}
