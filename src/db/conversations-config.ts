import type { DB } from './connect.js';

export interface ApiConfig {
  /** 'all', or the names of the metrics served in responses */
  response_metrics: 'all' | string[];
  transcripts: boolean;
}

/** A project without a row serves every metric and its transcripts. */
export const DEFAULT_API_CONFIG: ApiConfig = { response_metrics: 'all', transcripts: true };

export async function getApiConfig(db: DB, projectId: string): Promise<ApiConfig> {
  const row = await db
    .selectFrom('project_api_config')
    .select(['response_metrics', 'transcripts'])
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_API_CONFIG };
  return { response_metrics: row.response_metrics ?? 'all', transcripts: row.transcripts };
}

export async function putApiConfig(db: DB, projectId: string, config: ApiConfig, now: Date): Promise<ApiConfig> {
  const values = {
    project_id: projectId,
    response_metrics: config.response_metrics === 'all' ? null : config.response_metrics,
    transcripts: config.transcripts,
    updated_at: now,
  };
  await db
    .insertInto('project_api_config')
    .values(values)
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ response_metrics: values.response_metrics, transcripts: values.transcripts, updated_at: now }))
    .execute();
  return config;
}
