import type { DB } from '../../src/db/connect.js';
import type { TestEnv } from '../support/deps.js';

let seq = 0;

/**
 * A project whose "Resolved" rate falls from 90% (week before) to 40% (the week to Monday
 * 2026-06-15 09:00 London), the new failures being about a booking reference not found.
 */
export async function seedRegression(db: DB, projectId: string, metricName = 'Resolved') {
  const resolved = `met_r_${++seq}`;
  await db.insertInto('metric_definitions').values({ id: resolved, project_id: projectId, name: metricName, type: 'boolean' }).execute();
  const add = async (at: Date, ok: boolean, failureKind: number) => {
    const id = `c_${++seq}`;
    await db.insertInto('conversations').values({ project_id: projectId, id, started_at: at, channel: 'voice', ingested: true, num_turns: 3 }).execute();
    const agent = ok
      ? 'Thanks, your booking is confirmed for Friday.'
      : failureKind % 2 === 0
        ? 'Sorry, that booking reference was not found in our system.'
        : 'I am sorry, the booking reference was not found, please check the letters.';
    await db
      .insertInto('conversation_turns')
      .values([
        { project_id: projectId, conversation_id: id, idx: 0, role: 'user', text: 'Hi, I want to change my booking.' },
        { project_id: projectId, conversation_id: id, idx: 1, role: 'agent', text: agent },
        { project_id: projectId, conversation_id: id, idx: 2, role: 'user', text: ok ? 'Great, thank you.' : 'That is annoying, bye.' },
      ])
      .execute();
    await db
      .insertInto('conversation_metrics')
      .values({ project_id: projectId, metric_id: resolved, conversation_id: id, value_text: String(ok), started_at: at, sample_key: Math.random() })
      .execute();
  };
  const start = Date.parse('2026-06-01T09:00:00Z');
  for (let i = 0; i < 40; i++) await add(new Date(start + i * 3 * 3_600_000), i % 10 !== 0, i);
  const cur = Date.parse('2026-06-08T09:00:00Z');
  for (let i = 0; i < 40; i++) await add(new Date(cur + i * 3 * 3_600_000), i % 10 < 4, i);
  return resolved;
}

/**
 * An hourly digest to a webhook, created "yesterday" so that the latest hourly tick is due.
 * Returns its id.
 */
export async function createDueHourlyDigest(env: TestEnv, slug: string, url: string): Promise<string> {
  const res = await env.call('POST', `/v1/projects/${slug}/digests`, {
    name: 'Hourly',
    schedule: '0 * * * *',
    timezone: 'UTC',
    metrics: 'all',
    window_days: 1,
    targets: [{ type: 'webhook', url, secret: `whsec_${slug}_0123456789` }],
  });
  const { id } = (await res.json()) as { id: string };
  await env.deps.db.updateTable('digests').set({ created_at: new Date(Date.now() - 86_400_000) } as never).where('id', '=', id).execute();
  return id;
}
