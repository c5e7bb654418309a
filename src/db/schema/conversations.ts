import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ProjectApiConfigTable {
  project_id: string;
  /** null: every metric */
  response_metrics: string[] | null;
  transcripts: Generated<boolean>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** tsvector columns are written with SQL (to_tsvector) and never read back. */
export interface ConversationSearchTable {
  project_id: string;
  conversation_id: string;
  all_tsv: unknown;
  user_tsv: unknown;
  agent_tsv: unknown;
}

export interface SavedViewsTable {
  id: string;
  project_id: string;
  name: string;
  query: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ConversationErasuresTable {
  id: string;
  project_id: string;
  subject_hash: string;
  erased_by: string | null;
  turns_erased: number;
  writes_erased: number;
  erased_at: CreatedAt;
}

// Tables added by the conversations migrations (sql/020_conversations.sql).
export interface ConversationsTables {
  project_api_config: ProjectApiConfigTable;
  conversation_search: ConversationSearchTable;
  saved_views: SavedViewsTable;
  conversation_erasures: ConversationErasuresTable;
}
