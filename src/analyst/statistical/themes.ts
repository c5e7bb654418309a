import type { Turn } from '../../db/turns.js';
import { logOdds } from '../../stats/logodds.js';
import { wilson } from '../../stats/wilson.js';
import type { FrameEntry, Theme } from '../contract.js';
import type { Contrast } from './contrast.js';
import type { RawTheme } from './covering.js';
import { featureKind, featurePhrase, type FeatureKind } from './features.js';
import { quoteFor, quoteIsIn } from './quotes.js';

// placeholders only, never the underscores of an identifier such as date_of_birth
const show = (p: string) => p.replace(/(^|\s)_(time|date|money|num|ord)_(?=\s|$)/g, '$1<$2>');

const TITLE: Partial<Record<FeatureKind, (p: string) => string>> = {
  'at failure': (p) => `When it reports the problem, the agent says "${p}"`,
  reply: (p) => `The caller answers "${p}" after the agent reports the problem`,
  before: (p) => `The caller says "${p}" just before the problem`,
  'last agent': (p) => `The call ends with the agent saying "${p}"`,
  tool: (p) => `Function event: ${p}`,
  handoff: (p) => `Handed off: ${p}`,
};
const CRITERION: Partial<Record<FeatureKind, (p: string) => string>> = {
  'at failure': (p) => `the first agent turn that reports a problem (an apology or refusal) contains "${p}"`,
  reply: (p) => `the caller's first turn after the agent first reports a problem contains "${p}"`,
  before: (p) => `one of the two turns before the agent first reports a problem is the caller saying "${p}"`,
  'last agent': (p) => `the last agent turn contains "${p}"`,
  tool: (p) => `a function event "${p}" occurs`,
  handoff: (p) => `the conversation was handed off with reason "${p}"`,
};

export function themeTitle(features: string[]): string {
  return features.map((f, i) => {
    const t = TITLE[featureKind(f)]!(show(featurePhrase(f)));
    return i === 0 ? t : t.charAt(0).toLowerCase() + t.slice(1);
  }).join(', or ');
}
export function themeCriterion(features: string[]): string {
  return `Counted when ${features.map((f) => CRITERION[featureKind(f)]!(show(featurePhrase(f)))).join(', or when ')}. Phrases match after lowercasing, with times, dates, amounts and numbers read as <time>, <date>, <money>, <num>.`;
}

export interface QuantifyInput {
  contrast: Contrast;
  /** sampled conversation ids in draw order, per group */
  order: { failures: string[]; successes: string[] };
  frame: FrameEntry[];
  turns: Map<string, Turn[]>;
  url: (conversationId: string, turn: number) => string;
}

/**
 * Counts in each group with Wilson intervals, lift, the population estimate weighted by the
 * frame, whether it is distinctive, and 2-3 verbatim examples checked against the transcripts.
 */
export function quantifyThemes(raw: RawTheme[], q: QuantifyInput): { themes: Theme[]; droppedQuotes: number } {
  const nF = q.order.failures.length;
  const nS = q.order.successes.length;
  const fFrame = q.frame.find((f) => f.value === 'failures');
  let dropped = 0;
  const themes = raw.map((t): Theme => {
    const fc = t.failures.size;
    const sc = t.successes.size;
    const fShare = nF ? fc / nF : 0;
    const sShare = nS ? sc / nS : 0;
    const fCi = wilson(fc, nF);
    const pop = fFrame?.population ?? nF;
    const census = fFrame ? fFrame.sampled >= fFrame.population : false;
    const z = logOdds({ a: fc, b: sc }, { nA: Math.max(1, nF), nB: Math.max(1, nS), alpha0: q.contrast.alpha0 }).z;
    const examples: Theme['examples'] = [];
    for (const id of q.order.failures) {
      if (examples.length >= 3) break;
      if (!t.failures.has(id)) continue;
      const feats = q.contrast.features.get(id)!;
      const f = t.features.find((x) => feats.has(x))!;
      const turnIdx = feats.get(f)!;
      const turn = q.turns.get(id)?.find((x) => x.idx === turnIdx);
      if (!turn || featureKind(f) === 'handoff') continue;
      const quote = quoteFor(turn, featurePhrase(f));
      if (!quoteIsIn(q.turns.get(id), turnIdx, quote)) {
        dropped++;
        continue;
      }
      examples.push({ conversation_id: id, turn: turnIdx, quote, url: q.url(id, turnIdx) });
    }
    return {
      title: themeTitle(t.features),
      criterion: themeCriterion(t.features),
      failures: { count: fc, share: fShare, ci: fCi },
      successes: { count: sc, share: sShare, ci: wilson(sc, nS) },
      lift: sShare > 0 ? fShare / sShare : null,
      estimated_population: census ? { value: fc, ci: [fc, fc] } : { value: Math.round(fShare * pop), ci: [Math.round(fCi[0] * pop), Math.round(fCi[1] * pop)] },
      distinctive: z >= 1.96 && fShare > sShare,
      examples,
      conversation_ids: q.order.failures.filter((id) => t.failures.has(id)),
    };
  });
  return { themes, droppedQuotes: dropped };
}
