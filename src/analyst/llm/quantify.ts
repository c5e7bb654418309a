import { wilson } from '../../stats/wilson.js';
import type { Theme } from '../contract.js';

/** One stratum of the sample as read: its population, how many were read, and who matched. */
export interface StratumTally {
  group: 'failures' | 'successes';
  population: number;
  read: number;
  matched: number;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Shares with Wilson intervals in both groups, the lift, whether the reason is distinctive of
 * failures, and the number of failed conversations in the whole population it likely affects,
 * each stratum weighted by population / read (so unread conversations do not bias the estimate).
 */
export function quantifyTheme(strata: StratumTally[]): Pick<Theme, 'failures' | 'successes' | 'lift' | 'estimated_population' | 'distinctive'> {
  const sum = (g: StratumTally['group'], k: 'read' | 'matched') => strata.filter((s) => s.group === g).reduce((a, s) => a + s[k], 0);
  const part = (g: StratumTally['group']) => {
    const n = sum(g, 'read');
    const c = sum(g, 'matched');
    const ci = wilson(c, n);
    return { count: c, share: n ? round(c / n) : 0, ci: [round(ci[0]), round(ci[1])] as [number, number] };
  };
  const failures = part('failures');
  const successes = part('successes');
  const lift = successes.share > 0 ? round(failures.share / successes.share, 2) : null;

  let value = 0;
  let lo = 0;
  let hi = 0;
  for (const s of strata.filter((x) => x.group === 'failures' && x.read > 0)) {
    const [a, b] = wilson(s.matched, s.read);
    value += (s.population * s.matched) / s.read;
    lo += s.population * a;
    hi += s.population * b;
  }
  return {
    failures,
    successes,
    lift,
    estimated_population: { value: Math.round(value), ci: [Math.floor(lo), Math.ceil(hi)] },
    distinctive: isDistinctive(failures.count, sum('failures', 'read'), successes.count, sum('successes', 'read')),
  };
}

/**
 * A reason counts as distinctive of failures when a one-sided two-proportion z-test says it is
 * more common among failures (z >= 1.645) and at least 1.25 times as common: a reason as
 * common in successes is context, not a cause.
 */
export function isDistinctive(cF: number, nF: number, cS: number, nS: number): boolean {
  if (nF === 0 || cF === 0) return false;
  if (nS === 0) return false;
  const pF = cF / nF;
  const pS = cS / nS;
  if (pS > 0 && pF / pS < 1.25) return false;
  const p = (cF + cS) / (nF + nS);
  const se = Math.sqrt(p * (1 - p) * (1 / nF + 1 / nS));
  return se > 0 && (pF - pS) / se >= 1.645;
}
