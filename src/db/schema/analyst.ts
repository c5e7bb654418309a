import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = JSONColumnType<T, string, string>;

export interface AnalystReadsTable {
  project_id: string;
  conversation_id: string;
  cache_key: string;
  facets: Json<unknown>;
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
  plan: JSONColumnType<unknown, string | null, string | null> | null;
  answer: JSONColumnType<unknown, string | null, string | null> | null;
  sample_id: string | null;
  created_at: CreatedAt;
}

// Tables added by sql/040_analyst.sql.
export interface AnalystTables {
  analyst_reads: AnalystReadsTable;
  analyst_threads: AnalystThreadsTable;
  analyst_messages: AnalystMessagesTable;
}
