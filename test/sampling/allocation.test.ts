import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/sampling/allocation.js';
import { frameEntry } from '../../src/sampling/frame.js';

describe('allocation', () => {
  it('fixed: n from each, never more than a stratum holds', () => {
    expect(allocate({ allocation: 'fixed', per_stratum: 50, total: undefined }, [1000, 20, 0])).toEqual([50, 20, 0]);
  });

  it('equal: splits the total evenly and hands a small stratum’s unused share to the others', () => {
    expect(allocate({ allocation: 'equal', per_stratum: undefined, total: 30 }, [5, 100, 100])).toEqual([5, 13, 12]);
    expect(allocate({ allocation: 'equal', per_stratum: undefined, total: 10 }, [3, 3, 3])).toEqual([3, 3, 3]);
  });

  it('proportional: follows the populations and adds up to the total exactly', () => {
    const sizes = allocate({ allocation: 'proportional', per_stratum: undefined, total: 100 }, [600, 250, 150]);
    expect(sizes).toEqual([60, 25, 15]);
    const odd = allocate({ allocation: 'proportional', per_stratum: undefined, total: 10 }, [1, 1, 1]);
    expect(odd.reduce((a, b) => a + b, 0)).toBe(3);
    const rounded = allocate({ allocation: 'proportional', per_stratum: undefined, total: 10 }, [333, 333, 334]);
    expect(rounded).toEqual([3, 3, 4]);
  });
});

describe('frame entries', () => {
  it('reports inclusion probability sampled/population and weight population/sampled', () => {
    expect(frameEntry('failures', { value: 400, exact: true, ci: [400, 400] }, 50)).toMatchObject({ inclusion_probability: 0.125, weight: 8 });
    expect(frameEntry('empty', { value: 0, exact: true, ci: [0, 0] }, 0)).toMatchObject({ inclusion_probability: 0, weight: 0 });
  });
});
