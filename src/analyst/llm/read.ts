import { findCachedReads, saveReads } from '../../db/analyst-reads.js';
import { LlmError } from '../../llm/types.js';
import { runBatch, planBatches } from './batch.js';
import type { EngineContext } from './context.js';
import { renderPrompt } from './prompts.js';
import { FacetSchema, FacetsReplySchema, type Facet } from './schemas.js';
import type { PreparedTranscript } from './transcript.js';

const MAX_BATCH_TOKENS = 24_000;
const READ_VERSION = 'read-v1';

export interface ReadResult {
  facets: Map<string, Facet>;
  /** conversations served from the cache */
  cached: number;
}

async function sha256(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The cache key covers everything that shapes a read: model, prompt, the transcript as sent. */
function cacheKey(ctx: EngineContext, t: PreparedTranscript): Promise<string> {
  return sha256(`${READ_VERSION}\n${ctx.llm.model}\n${t.text.replace(`ref="${t.ref}"`, '')}`);
}

function reasonFor(e: unknown): string {
  if (!(e instanceof LlmError)) return `read failed: ${String(e)}`;
  const reasons: Record<LlmError['kind'], string> = {
    budget: "the question's LLM budget ran out before this conversation was read",
    malformed: 'the model returned malformed output twice (after one repair attempt)',
    truncated: 'the model output was cut off at the token limit twice',
    refusal: 'the model refused to read this conversation',
    rate_limited: 'the LLM kept rate-limiting (429) after retries',
    server: 'the LLM kept failing (5xx) after retries',
    timeout: 'the LLM call timed out after retries',
    connection: 'the LLM could not be reached',
    auth: 'the LLM rejected the API key',
    bad_request: 'the LLM rejected the request',
  };
  return reasons[e.kind];
}

/**
 * Reads every transcript once into facets: from the cache where the same transcript was read
 * with the same model and prompt, else in one round of batched calls. A batch whose output is
 * unusable after its repair attempt is split in two and retried, so one bad conversation
 * costs only itself: it ends up unread, with the reason.
 */
export async function readTranscripts(ctx: EngineContext, items: PreparedTranscript[], beforeCalls?: (todo: PreparedTranscript[]) => void): Promise<ReadResult> {
  const keys = await Promise.all(items.map((t) => cacheKey(ctx, t)));
  const cachedRows = await findCachedReads(ctx.deps.db, ctx.project.id, items.map((t, i) => ({ conversationId: t.conversationId, cacheKey: keys[i]! })));
  const facets = new Map<string, Facet>();
  for (const t of items) {
    const parsed = FacetSchema.omit({ ref: true }).safeParse(cachedRows.get(t.conversationId));
    if (parsed.success) facets.set(t.conversationId, { ...parsed.data, ref: t.ref });
  }
  const cached = facets.size;
  const todo = items.filter((t) => !facets.has(t.conversationId));
  beforeCalls?.(todo);
  let done = cached;
  ctx.emit({ stage: 'progress', read: done, total: items.length });

  const readBatch = async (batch: PreparedTranscript[]): Promise<void> => {
    try {
      const messages = await renderPrompt('read', { question: ctx.question, transcripts: batch.map((t) => t.text).join('\n\n') });
      const maxTokens = Math.min(16_000, 400 + 220 * batch.length);
      const reply = await ctx.llm.structured({ name: 'facets', messages, schema: FacetsReplySchema, maxTokens, meter: ctx.meter });
      const byRef = new Map(batch.map((t) => [t.ref, t]));
      for (const f of reply.data.conversations) {
        const t = byRef.get(f.ref);
        if (!t) ctx.dropped.ids++;
        else if (!facets.has(t.conversationId)) facets.set(t.conversationId, f);
      }
      for (const t of batch) if (!facets.has(t.conversationId)) ctx.unread.set(t.conversationId, 'the model left this conversation out of its reply');
      done += batch.length;
      ctx.emit({ stage: 'progress', read: done, total: items.length });
    } catch (e) {
      const splittable = e instanceof LlmError && ['malformed', 'truncated', 'refusal'].includes(e.kind);
      if (splittable && batch.length > 1) {
        const mid = Math.ceil(batch.length / 2);
        await Promise.all([readBatch(batch.slice(0, mid)), readBatch(batch.slice(mid))]);
        return;
      }
      for (const t of batch) ctx.unread.set(t.conversationId, reasonFor(e));
      done += batch.length;
      ctx.emit({ stage: 'progress', read: done, total: items.length });
    }
  };
  await runBatch(planBatches(todo, ctx.concurrency, MAX_BATCH_TOKENS), ctx.concurrency, readBatch);

  const fresh = todo.filter((t) => facets.has(t.conversationId));
  await saveReads(
    ctx.deps.db,
    ctx.project.id,
    fresh.map((t) => {
      const { ref: _ref, ...rest } = facets.get(t.conversationId)!;
      return { conversationId: t.conversationId, cacheKey: keys[items.indexOf(t)]!, facets: rest, promptTokens: t.tokens };
    }),
  );
  return { facets, cached };
}
