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
  for (const st of c.distinctive) {
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
  const score = (fails: Iterable<string>, succ: number, scope: Candidate['scope']) => {
    const within = scope === 'moment' ? new Set([...residual].filter((id) => moment.has(id))) : residual;
    const a = countIn(fails, within);
    return { a, z: logOdds({ a, b: succ }, { nA: Math.max(1, within.size), nB: Math.max(1, successes[scope]), alpha0: c.alpha0 }).z };
  };

  const themes: RawTheme[] = [];
  while (themes.length < maxThemes && residual.size >= floor) {
    let best: { f: string; z: number } | null = null;
    for (const [f, e] of [...cands].sort(([x], [y]) => (x < y ? -1 : 1))) {
      const { a, z } = score(e.f, e.s.size, e.scope);
      if (a >= floor && z >= minZ && (!best || z > best.z)) best = { f, z };
    }
    if (!best) break;
    const first = cands.get(best.f)!;
    const theme: RawTheme = { features: [best.f], failures: new Set(first.f), successes: new Set(first.s), z: best.z };
    cands.delete(best.f);
    // optionally widen by OR with phrases that explain more failures without weakening it
    while (theme.features.length < maxPhrases) {
      let add: { f: string; z: number } | null = null;
      for (const [f, e] of cands) {
        if (e.scope !== first.scope || countIn(e.f, residual) - countIn(theme.failures, residual) < 0) continue;
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
