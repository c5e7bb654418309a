/**
 * Time-zone arithmetic with Intl only (it runs on Node and Workers alike): the offset of a zone
 * at an instant, and the instant of a local wall-clock time.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time in `tz` at an instant (whole seconds). */
export function localParts(ms: number, tz: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Minutes east of UTC in `tz` at an instant. */
export function offsetMinutes(ms: number, tz: string): number {
  const l = localParts(ms, tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant of a wall-clock time in `tz`. An ambiguous time (autumn) gives the earlier
 * instant; a time inside a spring gap is read with the offset before the gap, as PostgreSQL does.
 */
export function zonedInstant(t: Pick<LocalTime, 'year' | 'month' | 'day'> & Partial<LocalTime>, tz: string): number {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour ?? 0, t.minute ?? 0, t.second ?? 0);
  // the two offsets in force around this wall time; try the earlier instant first
  const candidates = [offsetMinutes(wall - 86_400_000, tz), offsetMinutes(wall + 86_400_000, tz)]
    .map((off) => wall - off * 60_000)
    .sort((a, b) => a - b);
  for (const ms of candidates) if (wall - offsetMinutes(ms, tz) * 60_000 === ms) return ms;
  const before = offsetMinutes(wall - 86_400_000, tz);
  return wall - before * 60_000;
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-10-25T01:00:00+01:00. */
export function isoLocal(ms: number, tz: string): string {
  const l = localParts(ms, tz);
  const off = offsetMinutes(ms, tz);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(l.year, 4)}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
