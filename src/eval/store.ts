import { sql } from 'kysely';
import { bootstrap } from '../bootstrap.js';
import type { Config } from '../config.js';
import { connect, type Connection } from '../db/connect.js';
import { migrate, readMigrations } from '../db/migrate.js';
import type { ProjectRow } from '../db/projects.js';
import { seedDemo } from '../demo/seed.js';
import type { Deps } from '../deps.js';
import { randomIds } from '../ids.js';
import type { LlmClient } from '../llm/types.js';
import type { LabelledDataset } from './datasets/types.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface LoadedStore {
  deps: Deps;
  project: ProjectRow;
  conn: Connection;
}

/**
 * A fresh in-memory store holding one data set, written through the same path as the demo.
 * Sample keys are then fixed from a hash of each id, so every run draws the same sample.
 */
export async function loadStore(ds: LabelledDataset, config: Config, llm: LlmClient | null = null): Promise<LoadedStore> {
  const conn = await connect({ dataDir: 'memory://' });
  await migrate(conn.db, await readMigrations());
  const deps: Deps = {
    db: conn.db,
    config,
    clock: { now: () => ds.now },
    ids: randomIds,
    log: quiet,
    llm,
    fetch: globalThis.fetch.bind(globalThis),
  };
  const boot = await bootstrap(deps);
  const info = await seedDemo(deps, boot.workspaceId, ds.data, ds.name);
  const project = await conn.db.selectFrom('projects').selectAll().where('slug', '=', info.projectSlug).executeTakeFirstOrThrow();
  const key = sql<number>`(('x' || substr(md5(conversation_id), 1, 8))::bit(32)::bigint / 4294967296.0)`;
  await sql`update conversations set sample_key = (('x' || substr(md5(id), 1, 8))::bit(32)::bigint / 4294967296.0) where project_id = ${project.id}`.execute(conn.db);
  await sql`update conversation_metrics set sample_key = ${key} where project_id = ${project.id}`.execute(conn.db);
  // fresh statistics after the bulk load, as a server's autovacuum would have
  await sql`vacuum analyze`.execute(conn.db);
  return { deps, project, conn };
}
