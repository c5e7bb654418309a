import type { Turn } from '../../db/turns.js';
import { ngrams } from './text.js';

const MAX_QUOTE = 240;

/** Sentences of a turn as exact substrings of its text. */
function sentences(text: string): string[] {
  return (text.match(/[^.!?;\n]+[.!?]*/g) ?? [text]).map((s) => s.trim()).filter(Boolean);
}

/**
 * The verbatim words behind a phrase: the sentence of the turn that contains it, cut to a
 * readable length at a word boundary. Always a substring of the turn's text.
 */
export function quoteFor(turn: Turn, phrase: string): string {
  const hit = sentences(turn.text).find((s) => ngrams(s).has(phrase)) ?? turn.text.trim();
  if (hit.length <= MAX_QUOTE) return hit;
  const cut = hit.slice(0, MAX_QUOTE);
  const space = cut.lastIndexOf(' ');
  return space > MAX_QUOTE / 2 ? cut.slice(0, space) : cut;
}

/** Normalised for comparison: case, curly quotes and runs of whitespace do not matter. */
export function normaliseQuote(s: string): string {
  return s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();
}

/** Does the quote occur in that turn of that conversation? Checked on every example shown. */
export function quoteIsIn(turns: Turn[] | undefined, turnIdx: number, quote: string): boolean {
  const t = turns?.find((x) => x.idx === turnIdx);
  return !!t && quote.length > 0 && normaliseQuote(t.text).includes(normaliseQuote(quote));
}
