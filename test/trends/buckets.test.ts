import { describe, expect, it } from 'vitest';
import { bucketBounds } from '../../src/trends/buckets.js';
import { isoLocal } from '../../src/trends/zone.js';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;

describe('bucket arithmetic across daylight-saving changes', () => {
  it('gives Europe/London a 23-hour day in March and a 25-hour day in October', () => {
    const march = bucketBounds('day', new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T00:00:00Z'), 'Europe/London');
    expect(iso(march)).toEqual(['2026-03-28T00:00:00.000Z', '2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z', '2026-03-30T23:00:00.000Z']);
    expect(hours(march[1]!, march[2]!)).toBe(23);
    const oct = bucketBounds('day', new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T00:00:00Z'), 'Europe/London');
    expect(iso(oct)).toEqual(['2026-10-23T23:00:00.000Z', '2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z']);
    expect(hours(oct[1]!, oct[2]!)).toBe(25);
  });

  it('keeps both 01:00 hours in October and skips the missing one in March (hourly)', () => {
    const oct = bucketBounds('hour', new Date('2026-10-24T23:00:00Z'), new Date('2026-10-25T03:00:00Z'), 'Europe/London');
    expect(oct.map((d) => isoLocal(d.getTime(), 'Europe/London'))).toEqual([
      '2026-10-25T00:00:00+01:00',
      '2026-10-25T01:00:00+01:00',
      '2026-10-25T01:00:00+00:00',
      '2026-10-25T02:00:00+00:00',
      '2026-10-25T03:00:00+00:00',
    ]);
    const march = bucketBounds('hour', new Date('2026-03-29T00:00:00Z'), new Date('2026-03-29T02:00:00Z'), 'Europe/London');
    expect(march.map((d) => isoLocal(d.getTime(), 'Europe/London'))).toEqual(['2026-03-29T00:00:00+00:00', '2026-03-29T02:00:00+01:00', '2026-03-29T03:00:00+01:00']);
  });

  it('starts weeks on local Monday midnight and handles half-hour zones', () => {
    const weeks = bucketBounds('week', new Date('2026-10-21T10:00:00Z'), new Date('2026-10-27T00:00:00Z'), 'Europe/London');
    expect(iso(weeks)).toEqual(['2026-10-18T23:00:00.000Z', '2026-10-26T00:00:00.000Z', '2026-11-02T00:00:00.000Z']);
    const kolkata = bucketBounds('hour', new Date('2026-01-01T00:10:00Z'), new Date('2026-01-01T01:00:00Z'), 'Asia/Kolkata');
    expect(iso(kolkata)).toEqual(['2025-12-31T23:30:00.000Z', '2026-01-01T00:30:00.000Z', '2026-01-01T01:30:00.000Z']);
  });

  it('handles America/New_York spring forward (daily) and refuses too many buckets', () => {
    const ny = bucketBounds('day', new Date('2026-03-08T05:00:00Z'), new Date('2026-03-09T04:00:00Z'), 'America/New_York');
    expect(iso(ny)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(() => bucketBounds('hour', new Date('2020-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), 'UTC')).toThrow(/buckets/);
  });
});
