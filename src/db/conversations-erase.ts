import type { DB } from './connect.js';

/**
 * Deletes one conversation; its turns, metric writes, effective values, search vectors and any
 * other table referencing conversations ON DELETE CASCADE go with it. Returns the counts for
 * the audit record, or null when there was nothing to erase.
 */
export async function eraseConversation(db: DB, projectId: string, id: string): Promise<{ turns: number; writes: number } | null> {
  const writes = await db
    .selectFrom('metric_writes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .where('conversation_id', '=', id)
    .executeTakeFirstOrThrow();
  const row = await db.deleteFrom('conversations').where('project_id', '=', projectId).where('id', '=', id).returning('num_turns').executeTakeFirst();
  if (!row) return null;
  return { turns: row.num_turns, writes: Number(writes.n) };
}

export function insertErasure(db: DB, row: { id: string; project_id: string; subject_hash: string; erased_by: string; turns_erased: number; writes_erased: number }) {
  return db.insertInto('conversation_erasures').values(row).returning(['id', 'erased_at']).executeTakeFirstOrThrow();
}
