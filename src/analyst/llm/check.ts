import { LlmError } from '../../llm/types.js';
import { planBatches, runBatch } from './batch.js';
import type { EngineContext } from './context.js';
import { renderPrompt } from './prompts.js';
import { ChecksReplySchema, type Facet, type ProposedTheme } from './schemas.js';
import { neutralise } from './transcript.js';

/** For one conversation: which reasons (0-based) it meets, with the quote the model gave as evidence. */
export type CheckResult = Map<number, { turn: number; quote: string }>;

const MAX_BATCH_TOKENS = 20_000;

function callText(f: Facet): string {
  const quotes = f.quotes.map((q) => `[${q.turn}] "${neutralise(q.text)}"`).join(' ');
  const body = neutralise(`what happened: ${f.what_happened} | went wrong: ${f.where_it_went_wrong} | quotes: ${quotes}`).replace(/<\s*\/?\s*call/gi, '[call');
  return `<call ref="${f.ref}">${body}</call>`;
}

/**
 * Checks every read conversation, failures and successes alike and without saying which is
 * which, against every reason's criterion. Returns results by conversation id; a conversation
 * missing from the result was not checked (and counts as unread).
 */
export async function checkThemes(ctx: EngineContext, themes: ProposedTheme[], facets: Map<string, Facet>): Promise<Map<string, CheckResult>> {
  const list = themes.map((t, i) => `${i + 1}: ${t.title}: ${t.criterion}`).join('\n');
  const items = [...facets.entries()].map(([id, f]) => {
    const text = callText(f);
    return { id, f, text, tokens: ctx.llm.countTokens(text) };
  });
  const out = new Map<string, CheckResult>();

  const checkBatch = async (batch: typeof items): Promise<void> => {
    try {
      const messages = await renderPrompt('check', { themes: list, calls: batch.map((b) => b.text).join('\n') });
      const maxTokens = Math.min(16_000, 300 + 60 * batch.length * Math.min(3, themes.length));
      const reply = await ctx.llm.structured({ name: 'checks', messages, schema: ChecksReplySchema, maxTokens, meter: ctx.meter });
      const byRef = new Map(batch.map((b) => [b.f.ref, b]));
      for (const call of reply.data.calls) {
        const b = byRef.get(call.ref);
        if (!b) {
          ctx.dropped.ids++;
          continue;
        }
        const met: CheckResult = new Map();
        for (const m of call.met) if (m.reason >= 1 && m.reason <= themes.length) met.set(m.reason - 1, { turn: m.turn, quote: m.quote });
        out.set(b.id, met);
      }
      for (const b of batch) if (!out.has(b.id)) ctx.unread.set(b.id, 'the model left this conversation out of its check of the reasons');
    } catch (e) {
      if (e instanceof LlmError && ['malformed', 'truncated', 'refusal'].includes(e.kind) && batch.length > 1) {
        const mid = Math.ceil(batch.length / 2);
        await Promise.all([checkBatch(batch.slice(0, mid)), checkBatch(batch.slice(mid))]);
        return;
      }
      const why = e instanceof LlmError && e.kind === 'budget' ? "the question's LLM budget ran out before the reasons were checked on it" : `checking the reasons failed: ${(e as Error).message}`;
      for (const b of batch) ctx.unread.set(b.id, why);
    }
  };
  await runBatch(planBatches(items, ctx.concurrency, MAX_BATCH_TOKENS), ctx.concurrency, checkBatch);
  return out;
}
