import { sql } from 'kysely';
import type { DB } from '../db/connect.js';
import type { DemoConversation } from './generate.js';

/**
 * Inserts demo conversations, their turns and their text-search vectors set-based: one
 * statement per table per chunk, columns passed as arrays through unnest. The per-conversation
 * ingest (src/db/conversations-write.ts) takes minutes for 3,000 calls on PGlite; this takes
 * about a second. The search vectors use the same expression as its rebuildSearch, which
 * test/demo/seed.test.ts checks.
 */
export async function loadConversations(db: DB, projectId: string, convs: DemoConversation[]) {
  const c = { id: [] as string[], started: [] as string[], ended: [] as string[], to: [] as (string | null)[], reason: [] as (string | null)[], meta: [] as string[], n: [] as number[] };
  const t = { conv: [] as string[], idx: [] as number[], role: [] as string[], text: [] as string[], at: [] as string[], name: [] as (string | null)[] };
  for (const x of convs) {
    c.id.push(x.id);
    c.started.push(x.started_at);
    c.ended.push(x.ended_at);
    c.to.push(x.handoff?.to ?? null);
    c.reason.push(x.handoff?.reason ?? null);
    c.meta.push(JSON.stringify(x.metadata));
    c.n.push(x.turns.length);
    x.turns.forEach((turn, i) => {
      t.conv.push(x.id);
      t.idx.push(i);
      t.role.push(turn.role);
      t.text.push(turn.text);
      t.at.push(turn.at);
      t.name.push(turn.name ?? null);
    });
  }
  await sql`
    insert into conversations (project_id, id, environment, channel, started_at, ended_at, handoff_to, handoff_reason, metadata, num_turns, ingested)
    select ${projectId}, id, 'live', 'voice', started, ended, hto, hreason, meta, n, true
    from unnest(${c.id}::text[], ${c.started}::timestamptz[], ${c.ended}::timestamptz[], ${c.to}::text[], ${c.reason}::text[], ${c.meta}::jsonb[], ${c.n}::int[])
      as x(id, started, ended, hto, hreason, meta, n)
  `.execute(db);
  await sql`
    insert into conversation_turns (project_id, conversation_id, idx, role, text, at, name)
    select ${projectId}, conv, idx, role, text, at, name
    from unnest(${t.conv}::text[], ${t.idx}::int[], ${t.role}::text[], ${t.text}::text[], ${t.at}::timestamptz[], ${t.name}::text[])
      as x(conv, idx, role, text, at, name)
  `.execute(db);
  await sql`
    insert into conversation_search (project_id, conversation_id, all_tsv, user_tsv, agent_tsv)
    select ${projectId}, conversation_id,
      to_tsvector('simple', coalesce(string_agg(text, ' ' order by idx), '')),
      to_tsvector('simple', coalesce(string_agg(text, ' ' order by idx) filter (where role = 'user'), '')),
      to_tsvector('simple', coalesce(string_agg(text, ' ' order by idx) filter (where role = 'agent'), ''))
    from conversation_turns
    where project_id = ${projectId} and conversation_id = any(${c.id}::text[])
    group by conversation_id
  `.execute(db);
}
