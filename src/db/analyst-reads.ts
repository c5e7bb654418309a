import type { DB } from './connect.js';

/** Cached reads of these conversations under their current cache keys, by conversation id. */
export async function findCachedReads(db: DB, projectId: string, keys: { conversationId: string; cacheKey: string }[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('analyst_reads')
    .select(['conversation_id', 'cache_key', 'facets'])
    .where('project_id', '=', projectId)
    .where('conversation_id', 'in', keys.map((k) => k.conversationId))
    .where('cache_key', 'in', [...new Set(keys.map((k) => k.cacheKey))])
    .execute();
  const wanted = new Map(keys.map((k) => [k.conversationId, k.cacheKey]));
  for (const r of rows) if (wanted.get(r.conversation_id) === r.cache_key) out.set(r.conversation_id, r.facets);
  return out;
}

export async function saveReads(db: DB, projectId: string, reads: { conversationId: string; cacheKey: string; facets: unknown; promptTokens: number }[]) {
  if (reads.length === 0) return;
  await db
    .insertInto('analyst_reads')
    .values(
      reads.map((r) => ({
        project_id: projectId,
        conversation_id: r.conversationId,
        cache_key: r.cacheKey,
        facets: JSON.stringify(r.facets),
        prompt_tokens: r.promptTokens,
      })),
    )
    .onConflict((oc) => oc.columns(['project_id', 'conversation_id', 'cache_key']).doUpdateSet((eb) => ({ facets: eb.ref('excluded.facets') })))
    // a conversation erased while we were reading it must not come back through its cache
    .execute()
    .catch((e: { code?: string }) => {
      if (e.code !== '23503') throw e;
    });
}

/** Erasure: drops every cached read of a conversation (also done by the FK when the row goes). */
export async function eraseReads(db: DB, projectId: string, conversationId: string) {
  await db.deleteFrom('analyst_reads').where('project_id', '=', projectId).where('conversation_id', '=', conversationId).execute();
}
