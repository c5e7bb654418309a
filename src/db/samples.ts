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

/** Stores a sample and its members (in draw order) in one transaction. */
export async function insertSample(db: DB, sample: NewSample, members: { conversation_id: string; stratum: string }[]) {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('samples')
      .values({
        ...sample,
        seed: JSON.stringify(sample.seed),
        request: JSON.stringify(sample.request),
        frame: JSON.stringify(sample.frame),
      })
      .execute();
    // bounded chunks keep each statement under the bind-parameter limit
    for (let i = 0; i < members.length; i += 1000) {
      const chunk = members.slice(i, i + 1000).map((m, k) => ({ sample_id: sample.id, position: i + k, ...m }));
      await tx.insertInto('sample_members').values(chunk).execute();
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
