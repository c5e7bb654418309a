import type { DB } from '../../src/db/connect.js';

let seq = 0;

/** Inserts a metric definition straight into the store (the write API is another capability's). */
export async function defineMetric(db: DB, projectId: string, name: string, type: 'boolean' | 'categorical' | 'numeric', categories?: string[]) {
  const id = `met_${name.replace(/\W/g, '_')}_${++seq}`;
  await db.insertInto('metric_definitions').values({ id, project_id: projectId, name, type, categories: categories ?? null }).execute();
  return id;
}

export interface Conv {
  at: string;
  env?: string;
  channel?: string | null;
  /** metric id to value */
  values?: Record<string, boolean | string | number>;
}

/** Conversations and their effective metric values, the way the write path stores them. */
export async function addConversations(db: DB, projectId: string, convs: Conv[]) {
  const ids: string[] = [];
  for (const c of convs) {
    const id = `conv_${++seq}`;
    ids.push(id);
    await db
      .insertInto('conversations')
      .values({ project_id: projectId, id, environment: c.env ?? 'live', channel: c.channel ?? 'voice', started_at: c.at, ingested: true })
      .execute();
    for (const [metricId, v] of Object.entries(c.values ?? {})) {
      await db
        .insertInto('conversation_metrics')
        .values({
          project_id: projectId,
          metric_id: metricId,
          conversation_id: id,
          value_text: typeof v === 'number' ? null : String(v),
          value_num: typeof v === 'number' ? v : null,
          started_at: c.at,
          sample_key: Math.random(),
        })
        .execute();
    }
  }
  return ids;
}

export async function createProject(call: (m: string, p: string, b?: unknown) => Promise<Response>, slug: string): Promise<string> {
  const res = await call('POST', '/v1/projects', { slug, name: slug });
  if (res.status !== 201) throw new Error(`project: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
