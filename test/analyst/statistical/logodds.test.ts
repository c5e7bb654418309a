import { describe, expect, it } from 'vitest';
import { logOdds, logOddsAll } from '../../../src/stats/logodds.js';

describe('Monroe et al. log-odds with an informative Dirichlet prior', () => {
  it('matches a hand computation', () => {
    // a_w = 10 * (10 + 2) / (20 + 20) = 3
    // delta = ln((10+3)/(20+10-10-3)) - ln((2+3)/(20+10-2-3)) = ln(13/17) - ln(5/25) = 1.341174
    // var = 1/13 + 1/5 = 0.276923, z = 1.341174 / sqrt(0.276923) = 2.548621
    const r = logOdds({ a: 10, b: 2 }, { nA: 20, nB: 20, alpha0: 10 });
    expect(r.delta).toBeCloseTo(1.341174, 5);
    expect(r.variance).toBeCloseTo(0.276923, 5);
    expect(r.z).toBeCloseTo(2.548621, 5);
  });

  it('is zero for equal rates and antisymmetric when the corpora swap', () => {
    expect(logOdds({ a: 5, b: 5 }, { nA: 50, nB: 50, alpha0: 10 }).z).toBeCloseTo(0, 10);
    const ab = logOdds({ a: 8, b: 1 }, { nA: 40, nB: 40, alpha0: 10 });
    const ba = logOdds({ a: 1, b: 8 }, { nA: 40, nB: 40, alpha0: 10 });
    expect(ba.delta).toBeCloseTo(-ab.delta, 10);
  });

  it('shrinks rare features: 1 against 0 is far weaker evidence than 10 against 0', () => {
    const totals = { nA: 100, nB: 100, alpha0: 10 };
    const rare = logOdds({ a: 1, b: 0 }, totals).z;
    const common = logOdds({ a: 10, b: 0 }, totals).z;
    expect(rare).toBeLessThan(1.96);
    expect(common).toBeGreaterThan(1.96);
    expect(common).toBeGreaterThan(2 * rare);
  });

  it('scores a whole table and skips features seen nowhere', () => {
    const out = logOddsAll(new Map([['x', { a: 3, b: 1 }], ['never', { a: 0, b: 0 }]]), { nA: 10, nB: 10, alpha0: 5 });
    expect([...out.keys()]).toEqual(['x']);
  });
});
