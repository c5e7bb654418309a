import { sql } from 'kysely';
import type { DB } from './connect.js';

export interface ThreadRow {
  id: string;
  project_id: string;
  title: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface MessageRow {
  id: string;
  seq: number;
  role: 'user' | 'analyst';
  content: string;
  plan: unknown;
  answer: unknown;
  sample_id: string | null;
  created_at: Date;
}

export function insertThread(db: DB, row: { id: string; project_id: string; title: string; created_by: string | null; now: Date }) {
  const { now, ...rest } = row;
  return db.insertInto('analyst_threads').values({ ...rest, created_at: now, updated_at: now }).returningAll().executeTakeFirstOrThrow() as Promise<ThreadRow>;
}

export function findThread(db: DB, projectId: string, id: string) {
  return db.selectFrom('analyst_threads').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst() as Promise<ThreadRow | undefined>;
}

/** Threads, most recently active first, keyset-paginated on (updated_at, id). */
export function listThreads(db: DB, projectId: string, opts: { limit: number; after?: { updatedAt: Date; id: string } }) {
  let q = db.selectFrom('analyst_threads').selectAll().where('project_id', '=', projectId);
  if (opts.after) {
    const a = opts.after;
    q = q.where((eb) => eb.or([eb('updated_at', '<', a.updatedAt), eb.and([eb('updated_at', '=', a.updatedAt), eb('id', '<', a.id)])]));
  }
  return q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute() as Promise<ThreadRow[]>;
}

/** A thread's messages in order from `afterSeq`, served by the (thread_id, seq) unique index. */
export function listMessages(db: DB, threadId: string, opts: { afterSeq?: number; limit: number }) {
  return db
    .selectFrom('analyst_messages')
    .select(['id', 'seq', 'role', 'content', 'plan', 'answer', 'sample_id', 'created_at'])
    .where('thread_id', '=', threadId)
    .where('seq', '>', opts.afterSeq ?? 0)
    .orderBy('seq')
    .limit(opts.limit)
    .execute() as Promise<MessageRow[]>;
}

/** The last `n` messages, oldest first: the history a follow-up resolves against. */
export async function recentMessages(db: DB, threadId: string, n: number) {
  const rows = (await db
    .selectFrom('analyst_messages')
    .select(['id', 'seq', 'role', 'content', 'plan', 'answer', 'sample_id', 'created_at'])
    .where('thread_id', '=', threadId)
    .orderBy('seq', 'desc')
    .limit(n)
    .execute()) as MessageRow[];
  return rows.reverse();
}

/** Appends messages after the thread's last one, in one transaction, and marks the thread active. */
export async function appendMessages(
  db: DB,
  threadId: string,
  now: Date,
  messages: { id: string; role: 'user' | 'analyst'; content: string; plan?: unknown; answer?: unknown; sample_id?: string | null }[],
): Promise<number[]> {
  return db.transaction().execute(async (tx) => {
    // serialises concurrent posts to one thread, so their seq numbers never collide
    await tx.updateTable('analyst_threads').set({ updated_at: now }).where('id', '=', threadId).execute();
    const top = await tx.selectFrom('analyst_messages').select(sql<number>`coalesce(max(seq), 0)`.as('seq')).where('thread_id', '=', threadId).executeTakeFirst();
    let seq = Number(top?.seq ?? 0);
    const seqs: number[] = [];
    for (const m of messages) {
      seq++;
      seqs.push(seq);
      await tx
        .insertInto('analyst_messages')
        .values({
          id: m.id,
          thread_id: threadId,
          seq,
          role: m.role,
          content: m.content,
          plan: m.plan === undefined ? null : JSON.stringify(m.plan),
          answer: m.answer === undefined ? null : JSON.stringify(m.answer),
          sample_id: m.sample_id ?? null,
          created_at: now,
        })
        .execute();
    }
    return seqs;
  });
}

/** Which of these conversations still exist (erased ones are gone): one primary-key probe. */
export async function existingConversations(db: DB, projectId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('conversations').select('id').where('project_id', '=', projectId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
