import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { AppError } from '../errors.js';
import type { Metric } from './definition-schema.js';

export type TransferFormat = 'yaml' | 'json';

/** A metric as it appears in an export file: only what a team edits, no ids or times. */
export interface ExportedMetric {
  name: string;
  type: Metric['type'];
  categories?: string[];
  min?: number;
  max?: number;
  definition: string;
  flow?: string;
  archived?: true;
}

export function toExported(m: Metric): ExportedMetric {
  return {
    name: m.name,
    type: m.type,
    ...(m.categories ? { categories: m.categories } : {}),
    ...(m.min !== null ? { min: m.min } : {}),
    ...(m.max !== null ? { max: m.max } : {}),
    definition: m.definition,
    ...(m.flow !== null ? { flow: m.flow } : {}),
    ...(m.archived_at ? { archived: true as const } : {}),
  };
}

export function serialize(doc: { version: 1; metrics: ExportedMetric[] }, format: TransferFormat): string {
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringifyYaml(doc, { lineWidth: 0 });
}

/** Format from a Content-Type header, or null when it is neither JSON nor YAML. */
export function formatOf(contentType: string): TransferFormat | null {
  if (/^application\/([a-z0-9.+-]+\+)?json\b/i.test(contentType)) return 'json';
  if (/^(application|text)\/(x-)?yaml\b/i.test(contentType)) return 'yaml';
  return null;
}

/** Parses a definitions file; a syntax error is a 400 naming the line when YAML knows it. */
export function parseDocument(text: string, format: TransferFormat): unknown {
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (e) {
    throw new AppError('bad_request', `The ${format.toUpperCase()} document does not parse: ${(e as Error).message}`);
  }
}
