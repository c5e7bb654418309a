import type { Principal } from '../auth/keys.js';
import { shapeConversation, type ConversationObject } from '../conversations/shape.js';
import { resolveVisibility, type Visibility } from '../conversations/visibility.js';
import { getApiConfig } from '../db/conversations-config.js';
import { loadMetricValues, type MetricValueRow } from '../db/conversations-read.js';
import { listMetricDefs, type MetricRow } from '../db/metrics.js';
import { loadConversationRows } from '../db/samples.js';
import { loadTurns } from '../db/turns.js';
import type { Deps } from '../deps.js';

/** A member that still exists: the conversation object (under the caller's visibility) and its stratum. */
export type LiveMember = ConversationObject & { stratum: string; erased: false };
/** A member erased after the draw: it keeps its place and stratum, and nothing else. */
export interface ErasedMember {
  id: string;
  stratum: string;
  erased: true;
  metrics: Record<string, never>;
  turns: never[];
}
export type SampleMember = LiveMember | ErasedMember;

export interface MemberOptions {
  /** the caller: metrics and turns follow the two-layer visibility rules for its key */
  principal?: Principal | undefined;
  /** load transcripts (where visible); default true */
  turns?: boolean | undefined;
  /** the project's metric definitions, when the caller already has them */
  defs?: MetricRow[] | undefined;
}

/**
 * Loads a sample's members as they are now, in draw order, in three indexed queries. Without a
 * principal (Sift's own analyst) every metric and transcript is visible.
 */
export async function loadMembers(
  deps: Deps,
  projectId: string,
  members: { conversation_id: string; stratum: string }[],
  opts: MemberOptions = {},
): Promise<{ members: SampleMember[]; visibility: Visibility }> {
  const ids = members.map((m) => m.conversation_id);
  const [rows, config, defs] = await Promise.all([
    loadConversationRows(deps.db, projectId, ids),
    opts.principal ? getApiConfig(deps.db, projectId) : Promise.resolve({ response_metrics: 'all' as const, transcripts: true }),
    opts.defs ?? listMetricDefs(deps.db, projectId, { includeArchived: true }),
  ]);
  const vis = resolveVisibility(config, opts.principal?.scopes ?? ['admin'], defs.map((d) => d.name));
  const live = rows.map((r) => r.id);
  const [values, turns] = await Promise.all([
    loadMetricValues(deps.db, projectId, live),
    vis.turns && opts.turns !== false ? loadTurns(deps.db, projectId, live) : Promise.resolve(undefined),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const valuesById = new Map<string, MetricValueRow[]>();
  for (const v of values) valuesById.set(v.conversation_id, [...(valuesById.get(v.conversation_id) ?? []), v]);
  const out = members.map((m): SampleMember => {
    const row = byId.get(m.conversation_id);
    if (!row) return { id: m.conversation_id, stratum: m.stratum, erased: true, metrics: {}, turns: [] };
    const shaped = shapeConversation(row, valuesById.get(row.id) ?? [], turns?.get(row.id), vis);
    return { ...shaped, stratum: m.stratum, erased: false };
  });
  return { members: out, visibility: vis };
}
