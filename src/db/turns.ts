import type { DB } from './connect.js';

export interface Turn {
  idx: number;
  role: 'user' | 'agent' | 'function' | 'system';
  text: string;
  at: Date | null;
  name: string | null;
}

/** Transcripts of several conversations in one indexed query, turns in order. */
export async function loadTurns(db: DB, projectId: string, conversationIds: string[]): Promise<Map<string, Turn[]>> {
  const out = new Map<string, Turn[]>(conversationIds.map((id) => [id, []]));
  if (conversationIds.length === 0) return out;
  const rows = await db
    .selectFrom('conversation_turns')
    .select(['conversation_id', 'idx', 'role', 'text', 'at', 'name'])
    .where('project_id', '=', projectId)
    .where('conversation_id', 'in', conversationIds)
    .orderBy('conversation_id')
    .orderBy('idx')
    .execute();
  for (const { conversation_id, ...turn } of rows) out.get(conversation_id)?.push(turn);
  return out;
}
