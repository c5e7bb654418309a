import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: CreatedAt;
}

export interface ProjectsTable {
  id: string;
  workspace_id: string;
  slug: string;
  name: string;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  project_ids: string[] | null;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface MetricDefinitionsTable {
  id: string;
  project_id: string;
  name: string;
  type: 'boolean' | 'categorical' | 'numeric';
  categories: string[] | null;
  min: number | null;
  max: number | null;
  definition: Generated<string>;
  flow: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ConversationsTable {
  project_id: string;
  id: string;
  environment: Generated<string>;
  channel: string | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  in_progress: Generated<boolean>;
  handoff_to: string | null;
  handoff_reason: string | null;
  state: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  metadata: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  num_turns: Generated<number>;
  ingested: Generated<boolean>;
  sample_key: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ConversationTurnsTable {
  project_id: string;
  conversation_id: string;
  idx: number;
  role: 'user' | 'agent' | 'function' | 'system';
  text: string;
  at: Timestamp | null;
  name: string | null;
}

export interface MetricWritesTable {
  id: Generated<number>;
  project_id: string;
  conversation_id: string;
  metric_id: string;
  value: ColumnType<boolean | string | number, string, string>;
  source: string | null;
  write_once: Generated<boolean>;
  ignored: Generated<boolean>;
  written_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ConversationMetricsTable {
  project_id: string;
  metric_id: string;
  conversation_id: string;
  value_text: string | null;
  value_num: number | null;
  write_count: Generated<number>;
  locked: Generated<boolean>;
  started_at: Timestamp;
  sample_key: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IdempotencyKeysTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  status: number | null;
  response: ColumnType<{ body: string; type: string | null } | null, string | null, string | null>;
  created_at: CreatedAt;
}

export interface CoreTables {
  workspaces: WorkspacesTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  metric_definitions: MetricDefinitionsTable;
  conversations: ConversationsTable;
  conversation_turns: ConversationTurnsTable;
  metric_writes: MetricWritesTable;
  conversation_metrics: ConversationMetricsTable;
  idempotency_keys: IdempotencyKeysTable;
}
