import type { ConversationObject } from './shape.js';

type Cell = string | number | boolean | null | undefined | (string | number | boolean)[];

/**
 * Text cells beginning with = + - @ (or tab / carriage return) are read as formulas by
 * spreadsheets; a leading apostrophe keeps them text (OWASP's CSV injection advice). Numbers we
 * format ourselves (a negative numeric metric) are data, not text, and stay as they are.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. */
export function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return quote(neutralise(v.map((x) => String(x)).join('|')));
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return quote(neutralise(v));
}

const FIXED = [
  'id',
  'project_id',
  'environment',
  'started_at',
  'ended_at',
  'channel',
  'in_progress',
  'num_turns',
  'total_duration',
  'handoff',
  'handoff_reason',
  'handoff_destination',
] as const;

/** The wide layout: fixed fields, one column per visible metric, then state, metadata and the transcript. */
export function csvColumns(metricNames: string[], withTurns: boolean) {
  return { metrics: metricNames, withTurns, header: [...FIXED, ...metricNames, 'state', 'metadata', ...(withTurns ? ['turns'] : [])] };
}
export type CsvColumns = ReturnType<typeof csvColumns>;

export function csvHeader(cols: CsvColumns): string {
  return `${cols.header.map((h) => cell(h)).join(',')}\r\n`;
}

/** One conversation as one CSV record (CRLF-terminated); the transcript is "role: text" per line. */
export function csvRow(cols: CsvColumns, c: ConversationObject): string {
  const out: string[] = FIXED.map((k) => cell(c[k] as Cell));
  for (const name of cols.metrics) out.push(cell(c.metrics[name] as Cell));
  out.push(cell(JSON.stringify(c.state)), cell(JSON.stringify(c.metadata)));
  if (cols.withTurns) out.push(cell(c.turns.map((t) => `${t.role}: ${t.text}`).join('\n')));
  return `${out.join(',')}\r\n`;
}
