import { hasScope } from '../auth/scopes.js';
import type { ApiConfig } from '../db/conversations-config.js';

/** What a response left out and why; `{}` when nothing was withheld. */
export interface Withheld {
  turns?: string;
  /** names of metrics whose values were left out */
  metrics?: string[];
  metrics_reason?: string;
}

export interface Visibility {
  /** may this metric's value appear */
  metric(name: string): boolean;
  /** may turns appear */
  turns: boolean;
  /** may the built-in metrics appear (key layer only) */
  builtins: boolean;
  /** the same explanation for every conversation of the response */
  withheld: Withheld;
}

const NO_READ = 'this API key lacks the conversations:read scope';
const NOT_ENABLED = "not in this project's api-config response_metrics";

/**
 * The two layers: a metric value appears only when the project's api-config serves that metric
 * AND the key holds conversations:read; turns only when the project serves transcripts AND the
 * key holds transcripts:read. `metricNames` are the project's defined metrics, so the
 * explanation can name each one withheld. Built-in metrics (CALL_IN_PROGRESS, ...) repeat
 * fields of the object itself and follow only the key layer.
 */
export function resolveVisibility(config: ApiConfig, scopes: readonly string[], metricNames: readonly string[]): Visibility {
  const canRead = hasScope(scopes, 'conversations:read');
  const enabled = config.response_metrics === 'all' ? null : new Set(config.response_metrics);
  const metric = (name: string) => canRead && (enabled === null || enabled.has(name));
  const withheld: Withheld = {};

  if (!config.transcripts) withheld.turns = 'transcript access is off for this project';
  else if (!hasScope(scopes, 'transcripts:read')) withheld.turns = 'this API key lacks the transcripts:read scope';

  const hidden = metricNames.filter((n) => !metric(n));
  if (hidden.length) {
    withheld.metrics = hidden;
    withheld.metrics_reason = canRead ? NOT_ENABLED : NO_READ;
  }
  return { metric, turns: withheld.turns === undefined, builtins: canRead, withheld };
}

/** Built-in metric names; always derived from the conversation, never written. */
export const BUILTIN_METRICS = ['CALL_IN_PROGRESS', 'CALL_COMPLETED', 'HANDOFF_TO', 'HANDOFF_REASON'] as const;
