import { createLiveConversation, insertTurns, lockConversation, rebuildSearch, updateAfterAppend, upsertConversation } from '../db/conversations-write.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { MAX_TURNS, type AppendTurnsInput, type ConversationInput } from './ingest-schema.js';

/** PUT: the whole conversation, replacing its transcript; metric values are kept. */
export async function ingestConversation(deps: Deps, projectId: string, id: string, input: ConversationInput) {
  const now = deps.clock.now();
  const { created } = await deps.db.transaction().execute((tx) => upsertConversation(tx, projectId, id, input, now));
  return { created, body: { id, project_id: projectId, created, num_turns: input.turns.length, started_at: new Date(input.started_at).toISOString() } };
}

/**
 * Appends turns to a live conversation. The row is locked so concurrent appends number their
 * turns one after the other; a conversation not seen yet is created (in progress by default).
 */
export async function appendTurns(deps: Deps, projectId: string, id: string, input: AppendTurnsInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    let current = await lockConversation(tx, projectId, id);
    let created = false;
    if (!current) {
      const started = input.started_at ?? input.turns[0]?.at ?? now.toISOString();
      await createLiveConversation(tx, projectId, id, {
        started_at: started,
        environment: input.environment ?? 'live',
        channel: input.channel ?? null,
        in_progress: input.in_progress ?? true,
        now,
      });
      created = true;
      current = await lockConversation(tx, projectId, id);
      if (!current) throw new Error('conversation vanished after insert');
    }
    const total = current.num_turns + input.turns.length;
    if (total > MAX_TURNS) {
      throw new AppError('validation', `A conversation holds at most ${MAX_TURNS} turns (it has ${current.num_turns})`, {
        errors: [{ pointer: '/body/turns', detail: `would exceed ${MAX_TURNS} turns` }],
      });
    }
    await insertTurns(tx, projectId, id, input.turns, current.num_turns);
    await updateAfterAppend(tx, projectId, id, { num_turns: total, in_progress: input.in_progress, ended_at: input.ended_at, now });
    await rebuildSearch(tx, projectId, id);
    return { created, body: { id, project_id: projectId, created, num_turns: total, appended: input.turns.length } };
  });
}
