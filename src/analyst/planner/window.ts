/**
 * Time windows in plain words. Calendar words ("yesterday", "last week", "this month") use UTC
 * calendar boundaries, weeks starting on Monday; "last N days" is the N*24 hours up to now.
 */

export interface ParsedWindow {
  start: Date;
  end: Date;
  /** the words that set it, or null when the default applied */
  phrase: string | null;
}

const DAY = 86_400_000;
const UNIT_DAYS: Record<string, number> = { hour: 1 / 24, day: 1, week: 7, month: 30 };
const NUMBER_WORDS: Record<string, number> = {
  a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, thirty: 30, sixty: 60, ninety: 90,
};

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
function startOfWeek(d: Date): Date {
  const day = startOfDay(d);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY);
}
function startOfMonth(d: Date, offset = 0): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
}

type Rule = [RegExp, (m: RegExpMatchArray, now: Date) => [Date, Date]];

const RULES: Rule[] = [
  // explicit dates first, so "since 2026-01-01" is not read by a relative rule
  [/\bbetween (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})\b/, (m) => [isoDay(m[1]!), new Date(isoDay(m[2]!).getTime() + DAY)]],
  [/\bsince (\d{4}-\d{2}-\d{2})\b/, (m, now) => [isoDay(m[1]!), now]],
  [/\bon (\d{4}-\d{2}-\d{2})\b/, (m) => [isoDay(m[1]!), new Date(isoDay(m[1]!).getTime() + DAY)]],
  [new RegExp(`\\b(?:last|past|previous) (\\d+|${Object.keys(NUMBER_WORDS).join('|')}) (hour|day|week|month)s?\\b`), (m, now) => {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : (NUMBER_WORDS[m[1]!] ?? NaN);
    if (!(n > 0)) throw new WindowError(`"${m[0]}" is an empty window`);
    return [new Date(now.getTime() - n * UNIT_DAYS[m[2]!]! * DAY), now];
  }],
  [/\btoday\b/, (_m, now) => [startOfDay(now), now]],
  [/\byesterday\b/, (_m, now) => [new Date(startOfDay(now).getTime() - DAY), startOfDay(now)]],
  [/\bthis week\b/, (_m, now) => [startOfWeek(now), now]],
  [/\b(?:last|previous|past) week\b/, (_m, now) => [new Date(startOfWeek(now).getTime() - 7 * DAY), startOfWeek(now)]],
  [/\bthis month\b/, (_m, now) => [startOfMonth(now), now]],
  [/\b(?:last|previous|past) month\b/, (_m, now) => [startOfMonth(now, -1), startOfMonth(now)]],
  [/\b(?:last|past) (\d+)h\b/, (m, now) => [new Date(now.getTime() - Number(m[1]) * 3_600_000), now]],
];

export class WindowError extends Error {}

function isoDay(s: string): Date {
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new WindowError(`"${s}" is not a date`);
  return d;
}

/** The window a question names, or null when it names none. Rules are tried in order. */
export function parseWindow(question: string, now: Date): ParsedWindow | null {
  const q = question.toLowerCase();
  for (const [re, make] of RULES) {
    const m = q.match(re);
    if (!m) continue;
    const [start, end] = make(m, now);
    if (!(start.getTime() < end.getTime())) throw new WindowError(`"${m[0]}" is an empty window`);
    return { start, end, phrase: m[0] };
  }
  return null;
}

/** The default window: the last `days` days up to now. */
export function defaultWindow(now: Date, days = 30): ParsedWindow {
  return { start: new Date(now.getTime() - days * DAY), end: now, phrase: null };
}

export function windowDays(w: { start: Date | string; end: Date | string }): number {
  return (new Date(w.end).getTime() - new Date(w.start).getTime()) / DAY;
}
