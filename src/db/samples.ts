import type { Selectable } from 'kysely';
import type { FrameEntry } from '../analyst/contract.js';
import type { DB } from './connect.js';
import { conversationColumns, cursorColumn, type ConversationRow } from './conversations-read.js';
import type { SamplesTable } from './schema/sampling.js';

export type SampleRow = Selectable<SamplesTable>;

export interface NewSample {
  id: string;
  project_id: string;
  metric: string;
  seed: number | string;
  request: Record<string, unknown>;
  window_start: Date;
  window_end: Date;
  frame: FrameEntry[];
  created_by: string | null;
  created_at: Date;
}

/** Members stored in the same statement as the sample (one round trip); larger samples use a transaction. */
const ONE_STATEMENT = 2000;

/** Stores a sample and its members (in draw order), atomically. */
export async function insertSample(db: DB, sample: NewSample, members: { conversation_id: string; stratum: string }[]) {
  const row = { ...sample, seed: JSON.stringify(sample.seed), request: JSON.stringify(sample.request), frame: JSON.stringify(sample.frame) };
  const memberRows = (from: number, to: number) => members.slice(from, to).map((m, k) => ({ sample_id: sample.id, position: from + k, ...m }));
  if (members.length === 0) {
    await db.insertInto('samples').values(row).execute();
    return;
  }
  if (members.length <= ONE_STATEMENT) {
    await db
      .with('s', (w) => w.insertInto('samples').values(row).returning('id'))
      .insertInto('sample_members')
      .values(memberRows(0, members.length))
      .execute();
    return;
  }
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('samples').values(row).execute();
    // bounded chunks keep each statement under the bind-parameter limit
    for (let i = 0; i < members.length; i += ONE_STATEMENT) {
      await tx.insertInto('sample_members').values(memberRows(i, i + ONE_STATEMENT)).execute();
    }
  });
}

export function findSample(db: DB, projectId: string, id: string) {
  return db.selectFrom('samples').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

export function listSampleMembers(db: DB, sampleId: string) {
  return db.selectFrom('sample_members').select(['conversation_id', 'stratum']).where('sample_id', '=', sampleId).orderBy('position').execute();
}

/** The conversations of a sample that still exist; an erased one is simply absent. */
export async function loadConversationRows(db: DB, projectId: string, ids: string[]): Promise<ConversationRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('conversations')
    .select([...conversationColumns, cursorColumn])
    .where('conversations.project_id', '=', projectId)
    .where('conversations.id', 'in', ids)
    .execute();
}
