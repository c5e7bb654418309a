import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T extends object | null> = ColumnType<T, string, string>;

export interface AnalystReadsTable {
  project_id: string;
  conversation_id: string;
  cache_key: string;
  facets: Json<object>;
  prompt_tokens: Generated<number>;
  created_at: CreatedAt;
}

export interface AnalystThreadsTable {
  id: string;
  project_id: string;
  title: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AnalystMessagesTable {
  id: string;
  thread_id: string;
  seq: number;
  role: 'user' | 'analyst';
  content: string;
  plan: ColumnType<object | null, string | null, string | null>;
  answer: ColumnType<object | null, string | null, string | null>;
  sample_id: string | null;
  created_at: CreatedAt;
}

// Tables added by sql/040_analyst.sql.
export interface AnalystTables {
  analyst_reads: AnalystReadsTable;
  analyst_threads: AnalystThreadsTable;
  analyst_messages: AnalystMessagesTable;
}
