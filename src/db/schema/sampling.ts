import type { ColumnType, JSONColumnType } from 'kysely';
import type { FrameEntry } from '../../analyst/contract.js';

export interface SamplesTable {
  id: string;
  project_id: string;
  metric: string;
  seed: ColumnType<number | string, string, string>;
  request: JSONColumnType<Record<string, unknown>, string, string>;
  window_start: ColumnType<Date, Date | string, Date | string>;
  window_end: ColumnType<Date, Date | string, Date | string>;
  frame: JSONColumnType<FrameEntry[], string, string>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface SampleMembersTable {
  sample_id: string;
  position: number;
  conversation_id: string;
  stratum: string;
}

export interface SamplingTables {
  samples: SamplesTable;
  sample_members: SampleMembersTable;
}
