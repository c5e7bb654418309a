import { Cron } from 'croner';

const MIN_GAP_MS = 3_600_000;

function job(schedule: string, timezone: string) {
  return new Cron(schedule, { timezone, paused: true });
}

/** Why a schedule is unusable, or null: not cron, or firing more often than hourly. */
export function scheduleProblem(schedule: string, timezone: string): string | null {
  if (schedule.trim().split(/\s+/).length !== 5) return 'must be a five-field cron expression (minute hour day month weekday), e.g. "0 9 * * 1"';
  let runs: Date[];
  try {
    runs = job(schedule, timezone).nextRuns(3, new Date('2030-01-01T00:00:00Z'));
  } catch (e) {
    return (e as Error).message.replace(/^CronPattern: /, '');
  }
  if (runs.length === 0) return 'never fires';
  for (let i = 1; i < runs.length; i++) if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_GAP_MS) return 'fires more often than once an hour';
  return null;
}

/** The latest tick at or before `now`: the end of the period that is due. */
export function latestTick(schedule: string, timezone: string, now: Date): Date | null {
  const next = job(schedule, timezone).nextRun(new Date(now.getTime() - 1000));
  if (next && next.getTime() <= now.getTime()) return next;
  return job(schedule, timezone).previousRuns(1, now)[0] ?? null;
}

export function nextTick(schedule: string, timezone: string, after: Date): Date | null {
  return job(schedule, timezone).nextRun(after);
}
