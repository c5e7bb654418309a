import { describe, expect, it } from 'vitest';
import { quantifyTheme } from '../../../src/analyst/llm/quantify.js';

describe('quantifying a theme', () => {
  it('gives shares, Wilson intervals, lift and a frame-weighted population estimate', () => {
    const q = quantifyTheme([
      { group: 'failures', population: 600, read: 60, matched: 30 },
      { group: 'successes', population: 5000, read: 30, matched: 3 },
    ]);
    expect(q.failures).toMatchObject({ count: 30, share: 0.5 });
    expect(q.failures.ci[0]).toBeCloseTo(0.3773, 3);
    expect(q.lift).toBe(5);
    expect(q.distinctive).toBe(true);
    expect(q.estimated_population.value).toBe(300);
    expect(q.estimated_population.ci[0]).toBeLessThan(300);
    expect(q.estimated_population.ci[1]).toBeGreaterThan(300);
  });
  it('calls a reason as common in successes "not distinctive"', () => {
    const q = quantifyTheme([
      { group: 'failures', population: 100, read: 60, matched: 18 },
      { group: 'successes', population: 900, read: 30, matched: 9 },
    ]);
    expect(q.lift).toBe(1);
    expect(q.distinctive).toBe(false);
  });
});
