import type { DB } from '../../db/connect.js';

/** Handoff target and reason of several conversations, by primary key. */
export async function loadHandoffs(db: DB, projectId: string, ids: string[]) {
  const out = new Map<string, { handoff_to: string | null; handoff_reason: string | null }>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('conversations')
    .select(['id', 'handoff_to', 'handoff_reason'])
    .where('project_id', '=', projectId)
    .where('id', 'in', ids)
    .execute();
  for (const r of rows) out.set(r.id, { handoff_to: r.handoff_to, handoff_reason: r.handoff_reason });
  return out;
}
