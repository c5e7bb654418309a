import { AppError } from '../errors.js';
import { localParts, zonedInstant } from './zone.js';

export const INTERVALS = ['hour', 'day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];

const HOUR = 3_600_000;
const MAX_BUCKETS = 5000;

/** Start of the local hour, day or ISO week (Monday) that contains `ms` in `tz`. */
export function floorLocal(ms: number, interval: Interval, tz: string): number {
  const l = localParts(ms, tz);
  if (interval === 'hour') return ms - (l.minute * 60 + l.second) * 1000 - (((ms % 1000) + 1000) % 1000);
  let date = Date.UTC(l.year, l.month - 1, l.day);
  if (interval === 'week') date -= ((new Date(date).getUTCDay() + 6) % 7) * 86_400_000;
  const d = new Date(date);
  return zonedInstant({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, tz);
}

/** The start of the next bucket: an hour later, or the next local midnight (23 to 25 hours on). */
export function nextBucket(start: number, interval: Interval, tz: string): number {
  if (interval === 'hour') return start + HOUR;
  const l = localParts(start, tz);
  const d = new Date(Date.UTC(l.year, l.month - 1, l.day + (interval === 'week' ? 7 : 1)));
  return zonedInstant({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, tz);
}

/**
 * Bucket boundaries covering [start, end): whole local buckets, so the first starts at or
 * before `start` and the last ends at or after `end`. n buckets give n + 1 boundaries.
 */
export function bucketBounds(interval: Interval, start: Date, end: Date, tz: string): Date[] {
  const bounds = [floorLocal(start.getTime(), interval, tz)];
  while (bounds[bounds.length - 1]! < end.getTime()) {
    if (bounds.length > MAX_BUCKETS) {
      throw new AppError('validation', `The range holds more than ${MAX_BUCKETS} ${interval} buckets; use a longer interval or a shorter range`, {
        errors: [{ pointer: '/query/interval', detail: `more than ${MAX_BUCKETS} buckets` }],
      });
    }
    bounds.push(nextBucket(bounds[bounds.length - 1]!, interval, tz));
  }
  if (bounds.length === 1) bounds.push(nextBucket(bounds[0]!, interval, tz));
  return bounds.map((ms) => new Date(ms));
}
