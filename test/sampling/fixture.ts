import type { TestEnv } from '../support/deps.js';
import { unitHash } from '../../src/sampling/prng.js';
import { findProject, type ProjectRow } from '../../src/db/projects.js';

export interface FixtureConversation {
  id: string;
  /** the value of "Auth: outcome" (categorical); undefined: not written */
  outcome?: 'verified' | 'failed' | 'partial';
  verified?: boolean;
  score?: number;
  environment?: string;
  channel?: string;
  started_at: Date;
  turns?: string[];
}

/**
 * A project with three metrics ("Auth: outcome" categorical, "Auth: verified" boolean, "CSAT"
 * numeric) and the given conversations. Sample keys come from a fixed hash of the id: random
 * looking, with the uneven gaps of real uniform keys, and the same on every run.
 */
export async function seedProject(env: TestEnv, slug: string, conversations: FixtureConversation[]): Promise<ProjectRow> {
  const res = await env.call('POST', '/v1/projects', { slug, name: slug });
  if (res.status !== 201) throw new Error(`project: ${res.status} ${await res.text()}`);
  const project = (await findProject(env.deps.db, env.workspaceId, slug))!;
  const db = env.deps.db;
  const metric = (name: string, type: 'boolean' | 'categorical' | 'numeric', categories: string[] | null) => ({
    id: `${slug}_${name.replace(/\W+/g, '_')}`,
    project_id: project.id,
    name,
    type,
    categories,
    min: null,
    max: null,
    flow: null,
    archived_at: null,
  });
  const outcome = metric('Auth: outcome', 'categorical', ['verified', 'failed', 'partial']);
  const verified = metric('Auth: verified', 'boolean', null);
  const score = metric('CSAT', 'numeric', null);
  await db.insertInto('metric_definitions').values([outcome, verified, score]).execute();
  for (let i = 0; i < conversations.length; i += 500) {
    const chunk = conversations.slice(i, i + 500);
    const key = (c: FixtureConversation) => unitHash(`${slug}:${c.id}`, 99);
    await db
      .insertInto('conversations')
      .values(
        chunk.map((c) => ({
          project_id: project.id,
          id: c.id,
          environment: c.environment ?? 'live',
          channel: c.channel ?? 'voice',
          started_at: c.started_at,
          ingested: true,
          num_turns: c.turns?.length ?? 0,
          sample_key: key(c),
        })),
      )
      .execute();
    const rows = chunk.flatMap((c) => {
      const base = { project_id: project.id, conversation_id: c.id, started_at: c.started_at, sample_key: key(c) };
      return [
        ...(c.outcome ? [{ ...base, metric_id: outcome.id, value_text: c.outcome, value_num: null }] : []),
        ...(c.verified !== undefined ? [{ ...base, metric_id: verified.id, value_text: String(c.verified), value_num: null }] : []),
        ...(c.score !== undefined ? [{ ...base, metric_id: score.id, value_text: null, value_num: c.score }] : []),
      ];
    });
    if (rows.length) await db.insertInto('conversation_metrics').values(rows).execute();
    const turns = chunk.flatMap((c) =>
      (c.turns ?? []).map((text, idx) => ({ project_id: project.id, conversation_id: c.id, idx, role: idx % 2 ? ('agent' as const) : ('user' as const), text, at: null, name: null })),
    );
    if (turns.length) await db.insertInto('conversation_turns').values(turns).execute();
  }
  return project;
}

/** `n` conversations spread over the 10 days before `now`, outcomes cycling in a fixed pattern. */
export function manyConversations(prefix: string, n: number, now: Date, pattern: FixtureConversation['outcome'][] = ['verified', 'failed', 'verified', 'partial']) {
  return Array.from({ length: n }, (_, i): FixtureConversation => {
    const outcome = pattern[i % pattern.length];
    return {
      id: `${prefix}${String(i).padStart(5, '0')}`,
      ...(outcome ? { outcome } : {}),
      verified: outcome === 'verified',
      score: (i % 10) / 2,
      started_at: new Date(now.getTime() - ((i % 240) + 1) * 3_600_000),
      turns: i % 3 === 0 ? [] : [`hello ${i}`, `hi, how can I help ${i}`],
    };
  });
}
