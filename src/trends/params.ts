import { z } from 'zod';
import { AppError } from '../errors.js';
import { INTERVALS } from './buckets.js';
import { isValidZone } from './zone.js';

const Zone = z.string().refine(isValidZone, 'must be an IANA time zone such as Europe/London');

export const TrendQuery = z.object({
  interval: z.enum(INTERVALS).default('day'),
  start_time: z.iso.datetime({ offset: true }).optional(),
  end_time: z.iso.datetime({ offset: true }).optional(),
  tz: Zone.default('UTC'),
  environment: z.string().min(1).max(64).default('live'),
  group_by: z
    .string()
    .regex(/^(channel|environment|metric:.+)$/, 'must be channel, environment or metric:<name of a categorical or boolean metric>')
    .optional(),
});
export type TrendQuery = z.infer<typeof TrendQuery>;

export const SummaryQuery = z.object({
  window: z
    .string()
    .regex(/^[1-9]\d{0,3}[hd]$/, 'must be a number of hours or days, such as 24h or 7d')
    .default('7d'),
  environment: z.string().min(1).max(64).default('live'),
});

const DEFAULT_SPAN = { hour: 48 * 3_600_000, day: 30 * 86_400_000, week: 12 * 7 * 86_400_000 };

/** The requested range, with defaults ending now; refuses an inverted range or one over the limit. */
export function resolveRange(q: TrendQuery, now: Date, maxDays: number): { start: Date; end: Date } {
  const end = q.end_time ? new Date(q.end_time) : now;
  const start = q.start_time ? new Date(q.start_time) : new Date(end.getTime() - DEFAULT_SPAN[q.interval]);
  if (start >= end) {
    throw new AppError('validation', 'start_time must be before end_time', { errors: [{ pointer: '/query/start_time', detail: 'must be before end_time' }] });
  }
  if (end.getTime() - start.getTime() > maxDays * 86_400_000) {
    throw new AppError('validation', `The range is longer than ${maxDays} days (SIFT_MAX_WINDOW_DAYS)`, {
      errors: [{ pointer: '/query/start_time', detail: `range longer than ${maxDays} days` }],
    });
  }
  return { start, end };
}

/** A window such as 7d or 24h, in milliseconds, no longer than the configured maximum. */
export function windowMs(window: string, maxDays: number): number {
  const n = Number(window.slice(0, -1));
  const ms = window.endsWith('h') ? n * 3_600_000 : n * 86_400_000;
  if (ms > maxDays * 86_400_000) {
    throw new AppError('validation', `The window is longer than ${maxDays} days (SIFT_MAX_WINDOW_DAYS)`, {
      errors: [{ pointer: '/query/window', detail: `longer than ${maxDays} days` }],
    });
  }
  return ms;
}
