import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DB } from './connect.js';
import type { DigestsTable } from './schema/digests.js';

export type DigestRow = Selectable<DigestsTable>;

export function insertDigest(db: DB, row: Insertable<DigestsTable>) {
  return db.insertInto('digests').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findDigest(db: DB, projectId: string, id: string) {
  return db.selectFrom('digests').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

/** Keyset page by (created_at, id). */
export function listDigests(db: DB, projectId: string, opts: { limit: number; after?: { created_at: Date; id: string } }) {
  let q = db.selectFrom('digests').selectAll().where('project_id', '=', projectId);
  if (opts.after) {
    const { created_at, id } = opts.after;
    q = q.where((eb) => eb.or([eb('created_at', '>', created_at), eb.and([eb('created_at', '=', created_at), eb('id', '>', id)])]));
  }
  return q.orderBy('created_at').orderBy('id').limit(opts.limit).execute();
}

export function updateDigest(db: DB, projectId: string, id: string, set: Updateable<DigestsTable>) {
  return db.updateTable('digests').set(set).where('project_id', '=', projectId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteDigest(db: DB, projectId: string, id: string) {
  return db.deleteFrom('digests').where('project_id', '=', projectId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Enabled digests (of one workspace, or all), in id order, a page at a time: the scheduler's sweep. */
export function enabledDigests(db: DB, opts: { afterId?: string; limit: number; workspaceId?: string }) {
  let q = db.selectFrom('digests').selectAll('digests').where('digests.enabled', '=', true);
  if (opts.workspaceId) {
    q = q.innerJoin('projects', 'projects.id', 'digests.project_id').where('projects.workspace_id', '=', opts.workspaceId);
  }
  if (opts.afterId) q = q.where('digests.id', '>', opts.afterId);
  return q.orderBy('digests.id').limit(opts.limit).execute();
}

export function projectById(db: DB, id: string) {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDigestById(db: DB, id: string) {
  return db.selectFrom('digests').selectAll().where('id', '=', id).executeTakeFirst();
}
