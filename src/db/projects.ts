import type { Selectable } from 'kysely';
import type { DB } from './connect.js';
import type { ProjectsTable } from './schema.js';

export type ProjectRow = Selectable<ProjectsTable>;

/** A `{project}` path segment is either the id or the slug, within one workspace. */
export function findProject(db: DB, workspaceId: string, idOrSlug: string) {
  return db
    .selectFrom('projects')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
}

export function insertProject(db: DB, row: Omit<ProjectRow, 'created_at'>) {
  return db.insertInto('projects').values(row).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
}

export function listProjects(db: DB, workspaceId: string, only: string[] | null) {
  let q = db.selectFrom('projects').selectAll().where('workspace_id', '=', workspaceId);
  if (only) q = q.where('id', 'in', only.length ? only : ['']);
  return q.orderBy('created_at').orderBy('id').execute();
}

export function insertWorkspace(db: DB, id: string, name: string) {
  return db.insertInto('workspaces').values({ id, name }).returningAll().executeTakeFirstOrThrow();
}

export function firstWorkspace(db: DB) {
  return db.selectFrom('workspaces').selectAll().orderBy('created_at').limit(1).executeTakeFirst();
}
