import { describe, expect, it } from 'vitest';
import { examplesRequest } from '../../../src/analyst/threads/followup.js';

describe('follow-up requests for examples', () => {
  it('reads which reason is meant, and leaves new questions alone', () => {
    expect(examplesRequest('show me examples of the second one')).toBe(2);
    expect(examplesRequest('quotes for #3')).toBe(3);
    expect(examplesRequest('examples of the last reason please')).toBe(-1);
    expect(examplesRequest('show me examples of the 2nd one')).toBe(2);
    expect(examplesRequest('show me examples of failed bookings last week')).toBeNull();
    expect(examplesRequest('and last week?')).toBeNull();
  });
});
