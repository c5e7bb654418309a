import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';

export const DEFAULT_WINDOW_DAYS = 30;
const DAY = 86_400_000;

/**
 * The time window a sample draws from: [start, end). Defaults: end is now, start is 30 days
 * (or the largest window, if smaller) before end. A window longer than SIFT_MAX_WINDOW_DAYS or
 * ending before it starts is refused, naming the field.
 */
export function resolveWindow(deps: Deps, startTime: string | undefined, endTime: string | undefined): { start: Date; end: Date } {
  const max = deps.config.SIFT_MAX_WINDOW_DAYS;
  const end = endTime ? new Date(endTime) : deps.clock.now();
  const start = startTime ? new Date(startTime) : new Date(end.getTime() - Math.min(DEFAULT_WINDOW_DAYS, max) * DAY);
  if (start.getTime() >= end.getTime()) {
    throw new AppError('validation', 'Invalid body: /body/start_time must be before end_time', {
      errors: [{ pointer: '/body/start_time', detail: `must be before end_time (${end.toISOString()})` }],
    });
  }
  if (end.getTime() - start.getTime() > max * DAY) {
    throw new AppError('validation', `Invalid body: the window may span at most ${max} days (SIFT_MAX_WINDOW_DAYS)`, {
      errors: [{ pointer: startTime ? '/body/start_time' : '/body/end_time', detail: `the window may span at most ${max} days` }],
    });
  }
  return { start, end };
}
