import { startedAt, type ConversationRow, type HistoryEntry, type MetricValueRow } from '../db/conversations-read.js';
import type { Turn } from '../db/turns.js';
import type { Visibility, Withheld } from './visibility.js';

type MetricValue = boolean | string | number | null | (boolean | string | number)[];

/** The conversation object: PolyAI Conversations API v3 field names where one exists. */
export interface ConversationObject {
  id: string;
  project_id: string;
  environment: string;
  started_at: string;
  ended_at: string | null;
  channel: string | null;
  in_progress: boolean;
  num_turns: number;
  /** seconds from start to end; null while the conversation has no end */
  total_duration: number | null;
  handoff: boolean;
  handoff_reason: string | null;
  handoff_destination: string | null;
  state: Record<string, unknown>;
  metadata: Record<string, unknown>;
  metrics: Record<string, MetricValue>;
  turns: { role: Turn['role']; text: string; at: string | null; name: string | null }[];
  metric_history?: HistoryEntry[];
  withheld: Withheld;
}

export function builtinMetrics(row: ConversationRow): Record<string, MetricValue> {
  return {
    CALL_IN_PROGRESS: row.in_progress,
    CALL_COMPLETED: !row.in_progress,
    HANDOFF_TO: row.handoff_to,
    HANDOFF_REASON: row.handoff_reason,
  };
}

/**
 * Builds one conversation object under a visibility: metrics the caller may not see are left
 * out, turns are emptied (num_turns still counts them), and `withheld` says why.
 */
export function shapeConversation(
  row: ConversationRow,
  metrics: MetricValueRow[],
  turns: Turn[] | undefined,
  vis: Visibility,
  history?: HistoryEntry[],
): ConversationObject {
  const out: Record<string, MetricValue> = vis.builtins ? builtinMetrics(row) : {};
  for (const m of metrics) {
    if (vis.metric(m.name)) out[m.name] = m.history ?? m.value;
  }
  const started = startedAt(row);
  return {
    id: row.id,
    project_id: row.project_id,
    environment: row.environment,
    started_at: started,
    ended_at: row.ended_at,
    channel: row.channel,
    in_progress: row.in_progress,
    num_turns: row.num_turns,
    total_duration: row.ended_at ? Math.max(0, (Date.parse(row.ended_at) - Date.parse(started)) / 1000) : null,
    handoff: row.handoff_to !== null,
    handoff_reason: row.handoff_reason,
    handoff_destination: row.handoff_to,
    state: row.state,
    metadata: row.metadata,
    metrics: out,
    turns: vis.turns && turns ? turns.map((t) => ({ role: t.role, text: t.text, at: t.at ? new Date(t.at).toISOString() : null, name: t.name })) : [],
    ...(history ? { metric_history: history.filter((h) => vis.metric(h.metric)) } : {}),
    withheld: vis.withheld,
  };
}
