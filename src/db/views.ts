import type { Selectable } from 'kysely';
import type { DB } from './connect.js';
import type { SavedViewsTable } from './schema/conversations.js';

export type ViewRow = Selectable<SavedViewsTable>;

export const MAX_VIEWS = 1000;

export function insertView(db: DB, row: Omit<ViewRow, 'created_at'>) {
  return db.insertInto('saved_views').values(row).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
}

/** Newest first; a project holds at most MAX_VIEWS, so one bounded, indexed read lists them all. */
export function listViews(db: DB, projectId: string) {
  return db.selectFrom('saved_views').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(MAX_VIEWS).execute();
}

export async function countViews(db: DB, projectId: string): Promise<number> {
  const row = await db.selectFrom('saved_views').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function deleteView(db: DB, projectId: string, id: string) {
  return db.deleteFrom('saved_views').where('project_id', '=', projectId).where('id', '=', id).returning('id').executeTakeFirst();
}
