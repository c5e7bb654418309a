/** Quotes are compared after normalisation: case, Unicode forms, quotes and dashes, spacing, punctuation. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[^\p{L}\p{N}\s[\]']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const MIN_QUOTE_CHARS = 8;

/**
 * The turn where the quote really occurs: the cited turn if it is there, else any other turn of
 * the same conversation; null when the quote is nowhere in the transcript (it is then dropped).
 */
export function locateQuote(quote: string, turns: { idx: number; text: string }[], citedTurn: number): number | null {
  const q = normalise(quote.replace(/^\s*["'\u201c]|["'\u201d]\s*$/g, '').replace(/\s*\[…\]\s*$/, ''));
  if (q.length < MIN_QUOTE_CHARS) return null;
  const cited = turns.find((t) => t.idx === citedTurn);
  if (cited && normalise(cited.text).includes(q)) return cited.idx;
  return turns.find((t) => normalise(t.text).includes(q))?.idx ?? null;
}
