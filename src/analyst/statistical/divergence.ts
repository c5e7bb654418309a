import type { Turn } from '../../db/turns.js';

/**
 * Words with which an agent reports that something did not work. They are the same in any
 * domain (an apology, a refusal, "unavailable", "does not match", "timed out"), so the engine
 * can find the moment a call goes wrong without being told the domain. Configurable per call.
 */
export const FAILURE_MARKERS = [
  'sorry', 'unfortunately', 'apologi[sz]e', 'unable', "couldn't", 'could not', "can't", 'cannot', 'can not', 'not able',
  "wasn't able", 'was not able', "weren't able", 'failed', 'unavailable', 'not available', 'no openings', 'no availability',
  'went wrong', "isn't possible", 'not possible', 'declined', "didn't match", "doesn't match", 'does not match', 'did not match',
  'timed out', 'not responding', 'error', 'problem with', 'issue with', "don't have", 'do not have',
];

export function markerPattern(markers: string[] = FAILURE_MARKERS): RegExp {
  return new RegExp(`\\b(${markers.join('|')})\\b`, 'i');
}

const DEFAULT = markerPattern();

/**
 * The turn where the call diverges: the first agent turn that reports a problem, else the last
 * agent turn (how the call ended). The same rule for failures and successes, so the two are
 * compared like for like. `marked` says which rule applied.
 */
export function divergenceTurn(turns: Turn[], pattern: RegExp = DEFAULT): { turn: Turn; marked: boolean } | null {
  const agent = turns.filter((t) => t.role === 'agent');
  const first = agent.find((t) => pattern.test(t.text));
  if (first) return { turn: first, marked: true };
  const last = agent.at(-1);
  return last ? { turn: last, marked: false } : null;
}
