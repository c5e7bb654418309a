import type { Turn } from '../../db/turns.js';
import { divergenceTurn } from './divergence.js';
import { ngrams } from './text.js';

/** One conversation as the offline engine reads it. */
export interface ReadConversation {
  id: string;
  group: 'failures' | 'successes';
  turns: Turn[];
  handoff_to: string | null;
  handoff_reason: string | null;
}

/**
 * user / agent: anywhere in the call (what the call is about);
 * at failure / before / reply: the turn where the call diverges, the user turns just before it,
 * and the user's reply after it (what went wrong, locally);
 * last agent: how the call ended; tool: function events; handoff: the handoff reason.
 */
export const FEATURE_KINDS = ['user', 'agent', 'at failure', 'before', 'reply', 'last agent', 'tool', 'handoff'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];
/** Kinds located at the failure: themes are built from these; the rest describe the call. */
export const LOCAL_KINDS: ReadonlySet<FeatureKind> = new Set(['at failure', 'before', 'reply', 'last agent', 'tool', 'handoff']);

/** Kinds that exist only where a problem was reported (the failure moment). */
export const MOMENT_KINDS: ReadonlySet<FeatureKind> = new Set(['at failure', 'before', 'reply']);

/** Features of one conversation: each present feature and the first turn it appears in. */
export type FeatureSet = Map<string, number>;

export const featureKind = (f: string) => f.slice(0, f.indexOf(':')) as FeatureKind;
export const featurePhrase = (f: string) => f.slice(f.indexOf(':') + 2);

// feature names are interned per kind: the same phrase in 500 conversations is one string, not
// 500 (allocation, not counting, is what a read costs)
const interned = new Map<FeatureKind, Map<string, string>>(FEATURE_KINDS.map((k) => [k, new Map()]));

function add(out: FeatureSet, kind: FeatureKind, grams: Iterable<string>, turn: number) {
  const names = interned.get(kind)!;
  if (names.size > 200_000) names.clear();
  for (const g of grams) {
    let key = names.get(g);
    if (key === undefined) names.set(g, (key = `${kind}: ${g}`));
    if (!out.has(key)) out.set(key, turn);
  }
}

/**
 * A function turn as events: its name, and for a JSON payload each field with its value
 * ("verify_identity mismatch=postcode"); numbers are left out (they are ids and timings, not
 * outcomes). Text that is not JSON gives its words.
 */
export function toolEvents(t: Turn): string[] {
  const name = (t.name ?? 'function').toLowerCase();
  const out = [name];
  let payload: unknown;
  try {
    payload = JSON.parse(t.text);
  } catch {
    return [...out, ...[...ngrams(t.text, 2)].map((g) => `${name} ${g}`)];
  }
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, key ? `${key}.${k}` : k);
    else if (typeof v === 'string' || typeof v === 'boolean') out.push(`${name} ${key}=${String(v).toLowerCase().slice(0, 60)}`);
  };
  walk(payload, '');
  return out;
}

/** Presence of every feature in one conversation, with the first turn each appears in. */
export function extractFeatures(c: ReadConversation, pattern?: RegExp): FeatureSet {
  const out: FeatureSet = new Map();
  for (const t of c.turns) {
    if (t.role === 'user' || t.role === 'agent') add(out, t.role, ngrams(t.text, 2), t.idx);
    else if (t.role === 'function') add(out, 'tool', toolEvents(t), t.idx);
  }
  const div = divergenceTurn(c.turns, pattern);
  // only a reported problem is a divergence; a call's last turn is already 'last agent'
  if (div?.marked) {
    const at = c.turns.indexOf(div.turn);
    add(out, 'at failure', ngrams(div.turn.text), div.turn.idx);
    for (const t of c.turns.slice(Math.max(0, at - 2), at)) if (t.role === 'user') add(out, 'before', ngrams(t.text), t.idx);
    const reply = c.turns.slice(at + 1).find((t) => t.role === 'user');
    if (reply) add(out, 'reply', ngrams(reply.text), reply.idx);
  }
  const last = c.turns.filter((t) => t.role === 'agent').at(-1);
  if (last) add(out, 'last agent', ngrams(last.text), last.idx);
  const end = c.turns.at(-1)?.idx ?? 0;
  if (c.handoff_reason) add(out, 'handoff', [c.handoff_reason.toLowerCase()], end);
  else if (c.handoff_to) add(out, 'handoff', [`to ${c.handoff_to.toLowerCase()}`], end);
  return out;
}
