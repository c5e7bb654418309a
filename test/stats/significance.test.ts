import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, compareMeans, compareProportions, fisherExact, normalTwoSided, twoProportionZ } from '../../src/stats/significance.js';

describe('fisherExact', () => {
  it("gives Fisher's lady-tasting-tea table p = 34/70 = 0.4857 two-sided", () => {
    // Fisher (1935): 3 of 4 milk-first cups named right; one-sided p = 17/70, two-sided 34/70
    expect(fisherExact(3, 1, 1, 3).p).toBeCloseTo(34 / 70, 6);
    expect(fisherExact(4, 0, 0, 4).p).toBeCloseTo(2 / 70, 6);
  });
  it('matches R fisher.test on an unbalanced table', () => {
    // R: fisher.test(matrix(c(1, 9, 11, 3), 2)) -> p-value = 0.002759
    expect(fisherExact(1, 11, 9, 3).p).toBeCloseTo(0.002759, 5);
  });
  it('is 1 for identical rows', () => {
    expect(fisherExact(5, 5, 5, 5).p).toBeCloseTo(1, 9);
  });
});

describe('two-proportion z-test', () => {
  it('matches R prop.test(c(50, 60), c(100, 100), correct = FALSE): X-squared 2.0202, p 0.1552', () => {
    const r = twoProportionZ(50, 100, 60, 100);
    expect(r.z! ** 2).toBeCloseTo(2.0202, 3);
    expect(r.p).toBeCloseTo(0.1552, 4);
    expect(r.z).toBeGreaterThan(0);
  });
  it('gives the normal tail values of the tables', () => {
    expect(normalTwoSided(1.959963984540054)).toBeCloseTo(0.05, 6);
    expect(normalTwoSided(2.5758293035489)).toBeCloseTo(0.01, 6);
    expect(normalTwoSided(0)).toBeCloseTo(1, 6);
  });
});

describe('compareProportions', () => {
  it('uses Fisher when an expected cell is under 5 and the z-test otherwise', () => {
    expect(compareProportions(1, 20, 6, 20)?.test).toBe('fisher');
    expect(compareProportions(400, 1000, 460, 1000)?.test).toBe('z');
    expect(compareProportions(400, 1000, 460, 1000)!.p).toBeLessThan(0.01);
    expect(compareProportions(0, 0, 1, 2)).toBeNull();
  });
});

describe('compareMeans and BH', () => {
  it('tests means with Welch and refuses tiny samples', () => {
    // se = sqrt(4/100 + 4/100) = 0.2828; z = 0.5 / 0.2828 = 1.768; p = 0.0771
    const r = compareMeans({ n: 100, mean: 10, variance: 4 }, { n: 100, mean: 10.5, variance: 4 })!;
    expect(r.p).toBeCloseTo(0.0771, 3);
    expect(compareMeans({ n: 5, mean: 1, variance: 1 }, { n: 100, mean: 2, variance: 1 })).toBeNull();
  });
  it('adjusts p-values (R p.adjust method "BH")', () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.5), "BH") -> 0.04 0.0533 0.0533 0.5
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.5]);
    expect(q[0]).toBeCloseTo(0.04, 6);
    expect(q[1]).toBeCloseTo(0.053333, 5);
    expect(q[2]).toBeCloseTo(0.053333, 5);
    expect(q[3]).toBeCloseTo(0.5, 6);
  });
});
