import type { Turn } from '../../db/turns.js';
import { redact, type PiiKind } from '../redact/pii.js';

/** A transcript as the LLM sees it: redacted, numbered, delimited, trimmed to a token budget. */
export interface PreparedTranscript {
  conversationId: string;
  /** the short reference the model sees and cites (c1, c2, …): ids are caller-supplied text */
  ref: string;
  /** redacted turns, all of them: citations are verified against these */
  turns: { idx: number; role: Turn['role']; text: string }[];
  /** what is sent, inside its delimiters */
  text: string;
  tokens: number;
  redactions: number;
}

const LONG_TURN_CHARS = 600;
const TAIL_TURNS = 8;
const HEAD_TURNS = 2;

// Transcript text must never close or open our delimiters: it is data, not structure.
export function neutralise(text: string): string {
  return text.replace(/<\s*\/?\s*transcript/gi, '[transcript').replace(/\s+/g, ' ').trim();
}

function line(t: { idx: number; role: string; text: string }, name: string | null): string {
  const text = t.text.length > LONG_TURN_CHARS ? `${t.text.slice(0, LONG_TURN_CHARS)} […]` : t.text;
  return `[${t.idx}] ${t.role}${name ? ` (${name})` : ''}: ${text}`;
}

/**
 * Keeps the turns that say most about where a call went: the opening (intent), the last turns
 * (where it ended), function and system events, then fills the budget backwards from the end.
 * Omitted stretches are marked so turn numbers stay honest.
 */
export function prepareTranscript(
  conversationId: string,
  ref: string,
  raw: Turn[],
  opts: { kinds: readonly PiiKind[]; budgetTokens: number; count: (s: string) => number },
): PreparedTranscript {
  let redactions = 0;
  const turns = raw.map((t) => {
    const r = redact(t.text, opts.kinds);
    redactions += Object.values(r.counts).reduce((a, b) => a + (b ?? 0), 0);
    return { idx: t.idx, role: t.role, text: neutralise(r.text) };
  });
  const lines = turns.map((t, i) => line(t, raw[i]!.name));
  // counted lazily: only the lines considered for the budget pay for the tokenizer
  const cost: (number | undefined)[] = [];
  const costOf = (i: number) => (cost[i] ??= opts.count(lines[i]!) + 1);

  const keep = new Set<number>();
  let used = 0;
  const take = (i: number): boolean => {
    if (keep.has(i)) return true;
    if (used + costOf(i) > opts.budgetTokens) return false;
    keep.add(i);
    used += costOf(i);
    return true;
  };
  const n = turns.length;
  for (let k = 0; k < Math.min(TAIL_TURNS, n); k++) take(n - 1 - k);
  for (let i = 0; i < Math.min(HEAD_TURNS, n); i++) take(i);
  turns.forEach((t, i) => (t.role === 'function' || t.role === 'system' ? take(i) : undefined));
  // then backwards from the end, contiguously, until a line no longer fits
  for (let i = n - 1; i >= 0; i--) if (!keep.has(i) && !take(i)) break;

  const out: string[] = [];
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    if (keep.has(i)) {
      if (skipped) out.push(`[… ${skipped} turn${skipped > 1 ? 's' : ''} omitted …]`);
      skipped = 0;
      out.push(lines[i]!);
    } else skipped++;
  }
  if (skipped) out.push(`[… ${skipped} turn${skipped > 1 ? 's' : ''} omitted …]`);
  const text = `<transcript ref="${ref}">\n${out.join('\n')}\n</transcript>`;
  const markers = out.length - keep.size;
  return { conversationId, ref, turns, text, tokens: used + 12 + markers * 8, redactions };
}
