import { describe, expect, it } from 'vitest';
import { wilson } from '../../src/stats/wilson.js';

describe('wilson', () => {
  it('matches published values', () => {
    // 81 of 263 (Wallis 2013 example): 0.2553 to 0.3662
    const [lo, hi] = wilson(81, 263);
    expect(lo).toBeCloseTo(0.2553, 3);
    expect(hi).toBeCloseTo(0.3662, 3);
  });
  it('stays inside [0, 1] at the edges', () => {
    const [lo, hi] = wilson(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.2775, 3);
    expect(wilson(10, 10)[1]).toBe(1);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
});
