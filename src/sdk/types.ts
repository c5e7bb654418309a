/** Wire types of the Sift API, as the SDK sees them (no server imports: this folder ships alone). */

export type MetricType = 'boolean' | 'categorical' | 'numeric';
export type MetricValue = boolean | string | number;

export interface MetricDefinition {
  id: string;
  name: string;
  type: MetricType;
  categories: string[] | null;
  min: number | null;
  max: number | null;
  definition: string;
  flow: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewMetricDefinition {
  name: string;
  type: MetricType;
  categories?: string[];
  min?: number | null;
  max?: number | null;
  definition?: string;
  flow?: string | null;
}

export interface LintWarning {
  rule: 'mixed_casing' | 'synonyms' | 'near_duplicate' | 'missing_prefix';
  metrics: string[];
  message: string;
}

export interface MetricWrite {
  id: number;
  conversation_id: string;
  name: string;
  value: MetricValue;
  write_once: boolean;
  source: string | null;
  /** true when write_once (or an earlier write_once lock) kept the previous value */
  ignored: boolean;
  ignored_reason: 'write_once_existing_value' | 'locked' | null;
  ignored_detail: string | null;
  written_at: string;
}

export interface BatchWrite {
  conversation_id: string;
  name: string;
  value?: MetricValue | null;
  write_once?: boolean;
  source?: string | null;
}

export interface BatchResult {
  data: MetricWrite[];
  applied: number;
  ignored: number;
}

export interface WriteOptions {
  /** ignored if the metric already has a value on this conversation; once applied, locks it */
  writeOnce?: boolean;
  source?: string;
  /** a retry with the same key returns the first response and writes nothing twice */
  idempotencyKey?: string;
}

export interface ProblemField {
  pointer: string;
  detail: string;
  [extra: string]: unknown;
}

/** RFC 9457 problem details as Sift sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  request_id?: string;
  errors?: ProblemField[];
  [extra: string]: unknown;
}
