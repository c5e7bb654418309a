import type { Theme } from '../contract.js';
import { locateQuote } from './citations.js';
import type { EngineContext } from './context.js';
import type { Facet } from './schemas.js';
import type { PreparedTranscript } from './transcript.js';

export function conversationUrl(ctx: EngineContext, conversationId: string, turn: number): string {
  const base = ctx.deps.config.PUBLIC_URL?.replace(/\/$/, '') ?? '';
  return `${base}/v1/projects/${encodeURIComponent(ctx.project.slug)}/conversations/${encodeURIComponent(conversationId)}#turn-${turn}`;
}

/** Drops the facet quotes that are not in their transcript, fixing a miscited turn; counts the dropped. */
export function verifyFacetQuotes(ctx: EngineContext, facets: Map<string, Facet>, transcripts: Map<string, PreparedTranscript>) {
  for (const [id, f] of facets) {
    const turns = transcripts.get(id)?.turns ?? [];
    const kept: Facet['quotes'] = [];
    for (const q of f.quotes) {
      const turn = locateQuote(q.text, turns, q.turn);
      if (turn === null) ctx.dropped.quotes++;
      else kept.push({ turn, text: q.text });
    }
    facets.set(id, { ...f, quotes: kept });
  }
}

/**
 * Up to three examples for a theme, each a quote verified in its own conversation's transcript,
 * from distinct failed conversations; quotes that cannot be found are dropped and counted.
 */
export function pickExamples(
  ctx: EngineContext,
  evidence: { conversationId: string; turn: number; quote: string }[],
  transcripts: Map<string, PreparedTranscript>,
): Theme['examples'] {
  const out: Theme['examples'] = [];
  for (const e of evidence) {
    if (out.length >= 3) break;
    const t = transcripts.get(e.conversationId);
    if (!t) {
      ctx.dropped.ids++;
      continue;
    }
    const turn = locateQuote(e.quote, t.turns, e.turn);
    if (turn === null) {
      ctx.dropped.quotes++;
      continue;
    }
    if (out.some((x) => x.conversation_id === e.conversationId)) continue;
    out.push({ conversation_id: e.conversationId, turn, quote: e.quote.trim(), url: conversationUrl(ctx, e.conversationId, turn) });
  }
  return out;
}
