import { logOdds } from '../../stats/logodds.js';
import type { Contrast } from './contrast.js';
import { markerPattern } from './divergence.js';
import { featureKind, featurePhrase, LOCAL_KINDS, MOMENT_KINDS } from './features.js';
import { STOPWORDS } from './text.js';

/** A theme before it is quantified: its phrases and the conversations they cover. */
export interface RawTheme {
  /** features, anchor first; a conversation belongs to the theme when it has any of them */
  features: string[];
  failures: Set<string>;
  successes: Set<string>;
  /** the z-score of the criterion when chosen, against the failures still unexplained */
  z: number;
}

export interface CoveringOptions {
  maxThemes?: number;
  /** phrases per theme criterion */
  maxPhrases?: number;
  minZ?: number;
}

const MARKER = markerPattern();

/**
 * "Sorry", "I couldn't": the words that locate the divergence turn say that something failed,
 * not why; at the divergence turn they cannot be a theme on their own.
 */
export function isAnnouncement(feature: string): boolean {
  if (featureKind(feature) !== 'at failure') return false;
  const rest = featurePhrase(feature).replace(new RegExp(MARKER.source, 'gi'), ' ');
  return rest.split(/\s+/).every((w) => w === '' || STOPWORDS.has(w) || w === 'no' || w === 'not');
}

interface Candidate {
  f: Set<string>;
  s: Set<string>;
  /** the conversations this feature could have appeared in */
  scope: 'moment' | 'all';
}

const countIn = (xs: Iterable<string>, within: Set<string>) => {
  let n = 0;
  for (const x of xs) if (within.has(x)) n++;
  return n;
};

/**
 * Sequential covering (as in rule learners such as CN2 and RIPPER): the first theme is the local
 * feature that best separates failures from successes; each next theme is chosen among the
 * failures no earlier theme explains, so themes describe different failures instead of
 * restating the strongest one. Features of the failure moment (the divergence turn, the turns
 * around it) are compared among conversations that had such a moment: failures that stuck
 * against failures the call recovered from.
 */
export function coverThemes(c: Contrast, opts: CoveringOptions = {}): RawTheme[] {
  const { maxThemes = 6, maxPhrases = 1, minZ = 1.96 } = opts;
  const cands = new Map<string, Candidate>();
  // every frequent local feature: a theme must be distinctive, but the parts that refine one
  // (see refine) need not be
  for (const st of c.frequent) {
    if (!LOCAL_KINDS.has(st.kind) || isAnnouncement(st.feature)) continue;
    cands.set(st.feature, { f: new Set(), s: new Set(), scope: MOMENT_KINDS.has(st.kind) ? 'moment' : 'all' });
  }
  const moment = new Set<string>();
  for (const [id, fs] of c.features) {
    const g = c.groups.get(id)!;
    for (const f of fs.keys()) {
      if (featureKind(f) === 'at failure') moment.add(id);
      const e = cands.get(f);
      if (e) (g === 'failures' ? e.f : e.s).add(id);
    }
  }
  const successes = { all: c.successes, moment: countIn([...c.groups].filter(([, g]) => g === 'successes').map(([id]) => id), moment) };
  const floor = Math.max(3, Math.ceil(0.05 * c.failures));
  const residual = new Set([...c.groups].filter(([, g]) => g === 'failures').map(([id]) => id));
  let within = { all: residual, moment: new Set<string>() };
  const score = (fails: Iterable<string>, succ: number, scope: Candidate['scope']) => {
    const a = countIn(fails, within[scope]);
    const nA = Math.max(1, within[scope].size);
    const nB = Math.max(1, successes[scope]);
    // weighted relative accuracy (subgroup discovery): failures covered beyond what the base
    // rate predicts, so a broad signal with good precision beats a rare pure one
    const gain = a - (nA / (nA + nB)) * (a + succ);
    return { a, gain, z: logOdds({ a, b: succ }, { nA, nB, alpha0: c.alpha0 }).z };
  };
  const names = [...cands.keys()].sort();

  const themes: RawTheme[] = [];
  while (themes.length < maxThemes && residual.size >= floor) {
    within = { all: residual, moment: new Set([...residual].filter((id) => moment.has(id))) };
    const zs = new Map<string, number>();
    let best: { f: string; z: number; gain: number } | null = null;
    for (const f of names) {
      const e = cands.get(f);
      if (!e) continue;
      const { a, z, gain } = score(e.f, e.s.size, e.scope);
      if (a < floor) continue;
      zs.set(f, z);
      if (z >= minZ && (!best || gain > best.gain)) best = { f, z, gain };
    }
    if (!best) break;
    const chosen = refine(best, zs, cands, residual, floor, minZ);
    const first = cands.get(chosen.f)!;
    const theme: RawTheme = { features: [chosen.f], failures: new Set(first.f), successes: new Set(first.s), z: chosen.z };
    cands.delete(chosen.f);
    // optionally widen by OR with phrases that explain more failures without weakening it
    while (theme.features.length < maxPhrases) {
      let add: { f: string; z: number } | null = null;
      for (const [f, e] of cands) {
        // the same kind of signal, said in other words: overlapping but not contained
        if (featureKind(f) !== featureKind(theme.features[0]!) || featureKind(f) === 'tool' || featureKind(f) === 'handoff') continue;
        const shared = countIn(e.f, theme.failures);
        if (shared < 0.3 * (e.f.size + theme.failures.size - shared)) continue;
        const gained = [...e.f].filter((id) => residual.has(id) && !theme.failures.has(id)).length;
        if (gained < Math.ceil(floor / 2)) continue;
        const { z } = score(new Set([...theme.failures, ...e.f]), new Set([...theme.successes, ...e.s]).size, e.scope);
        if (z >= theme.z && (!add || z > add.z)) add = { f, z };
      }
      if (!add) break;
      const e = cands.get(add.f)!;
      e.f.forEach((id) => theme.failures.add(id));
      e.s.forEach((id) => theme.successes.add(id));
      theme.features.push(add.f);
      theme.z = add.z;
      cands.delete(add.f);
    }
    for (const id of theme.failures) residual.delete(id);
    themes.push(theme);
  }
  return themes;
}

/**
 * A generic signal can hide distinct causes ("verify_identity status=failed" over "mismatch=
 * date_of_birth" and "mismatch=postcode"). When two or more distinctive features inside the
 * chosen one split it into near-disjoint parts that cover most of it, the strongest part is
 * taken instead, and the others become candidates for the next themes.
 */
function refine(best: { f: string; z: number }, zs: Map<string, number>, cands: Map<string, Candidate>, residual: Set<string>, floor: number, minZ: number): { f: string; z: number } {
  for (let depth = 0; depth < 4; depth++) {
    const F = [...cands.get(best.f)!.f].filter((id) => residual.has(id));
    const inF = new Set(F);
    const parts = (g: string) => ({ g, ids: [...cands.get(g)!.f].filter((id) => residual.has(id)) });
    if (featureKind(best.f) !== 'tool') {
      // a structured event beats the words that describe it: swap in an equivalent, distinctive
      // tool event
      const same = [...zs.keys()]
        .filter((g) => featureKind(g) === 'tool' && zs.get(g)! >= minZ)
        .map(parts)
        .filter(({ ids }) => ids.length >= floor && countIn(ids, inF) >= 0.8 * Math.max(ids.length, F.length))
        .sort((a, b) => zs.get(b.g)! - zs.get(a.g)! || (a.g < b.g ? -1 : 1))[0];
      if (!same) return best;
      best = { f: same.g, z: zs.get(same.g)! };
      continue;
    }
    // only structured events split: an n-gram inside a phrase is the same words, not a cause
    const tool = (g: string) => (featureKind(g) === 'tool' ? 0 : 1);
    const subs = [...zs.keys()]
      .filter((g) => g !== best.f)
      .map(parts)
      .filter(({ ids }) => ids.length >= floor && ids.length <= 0.85 * F.length && countIn(ids, inF) >= 0.9 * ids.length)
      .sort((a, b) => tool(a.g) - tool(b.g) || b.ids.length - a.ids.length || (a.g < b.g ? -1 : 1));
    const picked: { g: string; ids: Set<string> }[] = [];
    for (const s of subs) {
      const ids = new Set(s.ids);
      if (picked.every((p) => countIn(p.ids, ids) <= 0.2 * Math.min(p.ids.size, ids.size))) picked.push({ g: s.g, ids });
    }
    const union = new Set(picked.flatMap((p) => [...p.ids]));
    if (picked.length < 2 || union.size < 0.7 * F.length) return best;
    // the first part: structured events first, then the largest
    best = { f: picked[0]!.g, z: zs.get(picked[0]!.g)! };
  }
  return best;
}
