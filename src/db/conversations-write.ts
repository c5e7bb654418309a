import { sql } from 'kysely';
import type { ConversationInput, TurnInput } from '../conversations/ingest-schema.js';
import type { DB } from './connect.js';

const TURN_CHUNK = 2000;

/** Inserts turns from index `from`, in chunks that stay under the bind-parameter limit. */
export async function insertTurns(db: DB, projectId: string, conversationId: string, turns: TurnInput[], from: number) {
  for (let i = 0; i < turns.length; i += TURN_CHUNK) {
    const rows = turns.slice(i, i + TURN_CHUNK).map((t, j) => ({
      project_id: projectId,
      conversation_id: conversationId,
      idx: from + i + j,
      role: t.role,
      text: t.text,
      at: t.at ?? null,
      name: t.name ?? null,
    }));
    await db.insertInto('conversation_turns').values(rows).execute();
  }
}

/** Rebuilds the transcript's text-search vectors from its turns. */
export async function rebuildSearch(db: DB, projectId: string, conversationId: string) {
  await sql`
    insert into conversation_search (project_id, conversation_id, all_tsv, user_tsv, agent_tsv)
    select ${projectId}, ${conversationId},
      to_tsvector('simple', coalesce(string_agg(text, ' ' order by idx), '')),
      to_tsvector('simple', coalesce(string_agg(text, ' ' order by idx) filter (where role = 'user'), '')),
      to_tsvector('simple', coalesce(string_agg(text, ' ' order by idx) filter (where role = 'agent'), ''))
    from conversation_turns where project_id = ${projectId} and conversation_id = ${conversationId}
    on conflict (project_id, conversation_id) do update
      set all_tsv = excluded.all_tsv, user_tsv = excluded.user_tsv, agent_tsv = excluded.agent_tsv`.execute(db);
}

/**
 * Upserts the conversation record, filling in one a metric write created (ingested = false).
 * Returns whether it was created. conversation_metrics.started_at is a copy of started_at kept
 * for index-only filtering, so it is brought in line in the same transaction.
 */
export async function upsertConversation(db: DB, projectId: string, id: string, input: ConversationInput, now: Date): Promise<{ created: boolean }> {
  const values = {
    environment: input.environment,
    channel: input.channel ?? null,
    started_at: input.started_at,
    ended_at: input.ended_at ?? null,
    in_progress: input.in_progress,
    handoff_to: input.handoff?.to ?? null,
    handoff_reason: input.handoff?.reason ?? null,
    state: JSON.stringify(input.state),
    metadata: JSON.stringify(input.metadata),
    num_turns: input.turns.length,
    ingested: true,
    updated_at: now,
  };
  const row = await db
    .insertInto('conversations')
    .values({ project_id: projectId, id, ...values })
    .onConflict((oc) => oc.columns(['project_id', 'id']).doUpdateSet(values))
    .returning(sql<boolean>`(xmax = 0)`.as('created'))
    .executeTakeFirstOrThrow();
  await db
    .updateTable('conversation_metrics')
    .set({ started_at: input.started_at })
    .where('project_id', '=', projectId)
    .where('conversation_id', '=', id)
    .where('started_at', '<>', new Date(input.started_at))
    .execute();
  await db.deleteFrom('conversation_turns').where('project_id', '=', projectId).where('conversation_id', '=', id).execute();
  await insertTurns(db, projectId, id, input.turns, 0);
  await rebuildSearch(db, projectId, id);
  return { created: row.created };
}

/** Locks the conversation row for an append; undefined when it does not exist. */
export function lockConversation(db: DB, projectId: string, id: string) {
  return db
    .selectFrom('conversations')
    .select(['num_turns', 'started_at'])
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function createLiveConversation(
  db: DB,
  projectId: string,
  id: string,
  v: { started_at: string; environment: string; channel: string | null; in_progress: boolean; now: Date },
) {
  await db
    .insertInto('conversations')
    .values({ project_id: projectId, id, started_at: v.started_at, environment: v.environment, channel: v.channel, in_progress: v.in_progress, ingested: true, updated_at: v.now })
    .execute();
}

export async function updateAfterAppend(
  db: DB,
  projectId: string,
  id: string,
  v: { num_turns: number; in_progress?: boolean | undefined; ended_at?: string | null | undefined; now: Date },
) {
  await db
    .updateTable('conversations')
    .set({
      num_turns: v.num_turns,
      ingested: true,
      updated_at: v.now,
      ...(v.in_progress !== undefined ? { in_progress: v.in_progress } : {}),
      ...(v.ended_at !== undefined ? { ended_at: v.ended_at } : {}),
    })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .execute();
}
