import { logOdds } from '../../stats/logodds.js';
import { extractFeatures, featureKind, LOCAL_KINDS, type FeatureKind, type FeatureSet, type ReadConversation } from './features.js';

/** One distinguishing feature: how many conversations of each group have it, and its z-score. */
export interface FeatureStat {
  feature: string;
  kind: FeatureKind;
  failures: number;
  successes: number;
  /** Monroe et al. log-odds ratio (failures over successes) and its z-score */
  delta: number;
  z: number;
}

/**
 * The contrast between the two groups: what the offline engine found, in a form the LLM
 * pipeline can take as evidence (issue 6, section 2).
 */
export interface ContrastStats {
  failures: number;
  successes: number;
  /** features more common in failures, strongest first */
  distinctive: FeatureStat[];
  /** median number of turns in each group: where in the call failures diverge */
  median_turns: { failures: number; successes: number };
  /** the prior weight used, so a reader can recompute any z */
  alpha0: number;
}

export interface Contrast extends ContrastStats {
  /** every local feature frequent enough among failures, distinctive or not */
  frequent: FeatureStat[];
  /** per conversation: its features with the first turn each appears in */
  features: Map<string, FeatureSet>;
  groups: Map<string, ReadConversation['group']>;
}

export interface ContrastOptions {
  /** the prior's weight a_0, in conversations; shrinks rare features towards no difference */
  alpha0?: number;
  /** keep features with |z| at least this */
  minZ?: number;
  /** and present in at least this many failures */
  minCount?: number;
  /** and in at least this share of failures */
  minShare?: number;
  limit?: number;
  /** the failure-marker pattern that locates the divergence turn */
  markers?: RegExp;
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Presence counts of every feature in each group, scored by log-odds with the pooled prior. */
export function contrast(convs: ReadConversation[], opts: ContrastOptions = {}): Contrast {
  const { alpha0 = 10, minZ = 1.96, minCount = 3, minShare = 0.05, limit = 2000 } = opts;
  const features = new Map<string, FeatureSet>();
  const groups = new Map<string, ReadConversation['group']>();
  const counts = new Map<string, { a: number; b: number }>();
  let nA = 0;
  let nB = 0;
  for (const c of convs) {
    const fs = extractFeatures(c, opts.markers);
    features.set(c.id, fs);
    groups.set(c.id, c.group);
    const isA = c.group === 'failures';
    if (isA) nA++;
    else nB++;
    for (const f of fs.keys()) {
      let e = counts.get(f);
      if (!e) counts.set(f, (e = { a: 0, b: 0 }));
      if (isA) e.a++;
      else e.b++;
    }
  }
  const distinctive: FeatureStat[] = [];
  const frequent: FeatureStat[] = [];
  const floor = Math.max(minCount, Math.ceil(minShare * nA));
  for (const [feature, c] of counts) {
    if (c.a < floor) continue;
    const kind = featureKind(feature);
    const lo = logOdds(c, { nA, nB, alpha0 });
    const stat = { feature, kind, failures: c.a, successes: c.b, delta: lo.delta, z: lo.z };
    if (LOCAL_KINDS.has(kind)) frequent.push(stat);
    if (lo.z >= minZ) distinctive.push(stat);
  }
  distinctive.sort((x, y) => y.z - x.z || x.feature.localeCompare(y.feature));
  const turnsOf = (g: string) => convs.filter((c) => c.group === g).map((c) => c.turns.length);
  return {
    failures: nA,
    successes: nB,
    distinctive: distinctive.slice(0, limit),
    median_turns: { failures: median(turnsOf('failures')), successes: median(turnsOf('successes')) },
    alpha0,
    frequent,
    features,
    groups,
  };
}

/** The statistics alone, without per-conversation data, for the LLM pipeline's prompt. */
export function contrastEvidence(c: ContrastStats, top = 25): ContrastStats {
  return { failures: c.failures, successes: c.successes, median_turns: c.median_turns, alpha0: c.alpha0, distinctive: c.distinctive.slice(0, top) };
}
