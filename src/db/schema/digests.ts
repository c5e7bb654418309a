import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** Trend rollups (sql/060): quarter-hour counts kept by triggers on conversations and their metrics. */
export interface TrendMetricSlotsTable {
  metric_id: string;
  environment: string;
  slot: Timestamp;
  channel: string;
  value_text: string;
  n: number;
  sum_num: number;
  sum_sq: number;
}

export interface TrendConversationSlotsTable {
  project_id: string;
  environment: string;
  slot: Timestamp;
  channel: string;
  n: number;
}

/** sql/062: the same without the channel, kept from the slot tables. */
export interface TrendMetricTotalsTable {
  metric_id: string;
  environment: string;
  slot: Timestamp;
  value_text: string;
  n: number;
  sum_num: number;
  sum_sq: number;
}

export interface TrendConversationTotalsTable {
  project_id: string;
  environment: string;
  slot: Timestamp;
  n: number;
}

export interface DigestTarget {
  type: 'webhook' | 'slack';
  url: string;
  secret: string;
}

export interface DigestsTable {
  id: string;
  project_id: string;
  name: string;
  schedule: string;
  timezone: string;
  metrics: string[] | null;
  window_days: number;
  targets: JSONColumnType<DigestTarget[], string, string>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface DigestRunsTable {
  id: string;
  digest_id: string;
  period_start: Timestamp;
  period_end: Timestamp;
  status: 'pending' | 'built' | 'delivered' | 'failed';
  lease_until: Timestamp | null;
  content: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  error: string | null;
  created_at: CreatedAt;
  built_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface DigestDeliveriesTable {
  run_id: string;
  target_index: number;
  attempt: number;
  state: 'sending' | 'sent' | 'error';
  http_status: number | null;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface DigestsTables {
  trend_metric_slots: TrendMetricSlotsTable;
  trend_conversation_slots: TrendConversationSlotsTable;
  trend_metric_totals: TrendMetricTotalsTable;
  trend_conversation_totals: TrendConversationTotalsTable;
  digests: DigestsTable;
  digest_runs: DigestRunsTable;
  digest_deliveries: DigestDeliveriesTable;
}
