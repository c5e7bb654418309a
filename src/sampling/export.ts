import { acceptsGzip } from '../conversations/export.js';
import { cell, csvColumns, csvHeader, csvRow } from '../conversations/csv.js';
import { BUILTIN_METRICS } from '../conversations/visibility.js';
import type { Sample } from './draw.js';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const PREFIX = ['sample_id', 'position', 'stratum', 'weight', 'inclusion_probability', 'erased'];

/**
 * A sample's members, one per line (NDJSON) or row (CSV, the Conversations export's wide layout
 * behind sample columns), each carrying its stratum's weight so estimates can be weighted back.
 * Erased members keep their row, marked erased, with no content.
 */
export function sampleExportBody(sample: Sample, format: ExportFormat): string {
  const frame = new Map(sample.frame.map((f) => [f.value, f]));
  if (format === 'ndjson') {
    return sample.conversations
      .map((c, position) => {
        const f = frame.get(c.stratum);
        return `${JSON.stringify({ sample_id: sample.id, position, weight: f?.weight ?? 0, inclusion_probability: f?.inclusion_probability ?? 0, ...c })}\n`;
      })
      .join('');
  }
  const metricNames = new Set<string>();
  for (const c of sample.conversations) for (const name of Object.keys(c.metrics)) metricNames.add(name);
  const builtins = BUILTIN_METRICS.filter((n) => metricNames.has(n));
  const custom = [...metricNames].filter((n) => !(BUILTIN_METRICS as readonly string[]).includes(n)).sort();
  const withTurns = !sample.withheld.turns;
  const cols = csvColumns([...builtins, ...custom], withTurns);
  const empty = cols.header.length;
  let out = `${PREFIX.map((h) => cell(h)).join(',')},${csvHeader(cols)}`;
  sample.conversations.forEach((c, position) => {
    const f = frame.get(c.stratum);
    const prefix = [sample.id, position, c.stratum, f?.weight ?? 0, f?.inclusion_probability ?? 0, c.erased].map((v) => cell(v)).join(',');
    const rest = c.erased ? `${cell(c.id)}${','.repeat(empty - 1)}\r\n` : csvRow(cols, c);
    out += `${prefix},${rest}`;
  });
  return out;
}

/** The export as a download, gzipped when the client accepts it. */
export function sampleExportResponse(sample: Sample, format: ExportFormat, acceptEncoding: string | undefined): Response {
  const text = sampleExportBody(sample, format);
  const headers = new Headers({
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename="sample-${sample.id}.${format}"`,
    vary: 'Accept-Encoding',
  });
  const bytes = new TextEncoder().encode(text);
  if (!acceptsGzip(acceptEncoding)) return new Response(bytes, { status: 200, headers });
  headers.set('content-encoding', 'gzip');
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  return new Response(stream, { status: 200, headers });
}
