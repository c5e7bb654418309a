import { ConversationBody, ConversationId, type ConversationInput } from '../ingest-schema.js';
import { BUILTIN_METRICS } from '../visibility.js';

export type MetricScalar = boolean | string | number;

/** One record of an import file, ready for PUT /conversations/{id} and the metric writes. */
export interface ImportRecord {
  id: string;
  conversation: ConversationInput;
  /** each metric's values in write order (a list in the file means it was written several times) */
  metrics: Map<string, MetricScalar[]>;
}

export type Parsed = { ok: true; record: ImportRecord } | { ok: false; reason: string; id?: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Fields of the shared-data shape that are not metadata. `truth` is ground truth for checking an
// analyst and must never reach one, so it is dropped rather than kept in metadata.
const SIFT_FIELDS = new Set(['id', 'started_at', 'ended_at', 'channel', 'environment', 'in_progress', 'handoff', 'state', 'turns', 'metrics', 'metadata', 'truth']);
const POLYAI_FIELDS = new Set([
  'id', 'conversation_id', 'started_at', 'start_time', 'ended_at', 'end_time', 'channel', 'environment', 'in_progress', 'handoff',
  'handoff_reason', 'handoff_destination', 'state', 'turns', 'metrics', 'total_duration', 'num_turns',
]);

/** PolyAI Conversations API v3 exports carry turns as user_input / agent_response pairs. */
export function isPolyAi(raw: Obj): boolean {
  return Array.isArray(raw.turns) && raw.turns.some((t) => isObj(t) && ('user_input' in t || 'agent_response' in t));
}

function polyAiTurns(turns: unknown[]) {
  const out: Obj[] = [];
  for (const t of turns) {
    if (!isObj(t)) return null;
    const at = typeof t.timestamp === 'string' ? t.timestamp : typeof t.created_at === 'string' ? t.created_at : undefined;
    if (typeof t.user_input === 'string' && t.user_input.trim() !== '') out.push({ role: 'user', text: t.user_input, ...(at ? { at } : {}) });
    if (typeof t.agent_response === 'string' && t.agent_response.trim() !== '') out.push({ role: 'agent', text: t.agent_response, ...(at ? { at } : {}) });
  }
  return out;
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/_/g, '-') : v);

function fromPolyAi(raw: Obj): Obj {
  const started = raw.started_at ?? raw.start_time;
  let ended = raw.ended_at ?? raw.end_time;
  if (ended === undefined && typeof started === 'string' && typeof raw.total_duration === 'number' && raw.in_progress !== true) {
    ended = new Date(Date.parse(started) + raw.total_duration * 1000).toISOString();
  }
  const to = raw.handoff_destination;
  const handoff = typeof to === 'string' && to !== '' ? { to, ...(typeof raw.handoff_reason === 'string' && raw.handoff_reason ? { reason: raw.handoff_reason } : {}) } : undefined;
  const metadata = Object.fromEntries(Object.entries(raw).filter(([k]) => !POLYAI_FIELDS.has(k)));
  return {
    started_at: started,
    ...(ended !== undefined && ended !== null ? { ended_at: ended } : {}),
    ...(raw.channel !== undefined && raw.channel !== null ? { channel: lower(raw.channel) } : {}),
    ...(raw.environment !== undefined ? { environment: lower(raw.environment) } : {}),
    ...(raw.in_progress !== undefined ? { in_progress: raw.in_progress } : {}),
    ...(handoff ? { handoff } : {}),
    ...(isObj(raw.state) ? { state: raw.state } : {}),
    turns: polyAiTurns(raw.turns as unknown[]) ?? raw.turns,
    metadata: { ...metadata, imported_from: 'polyai-v3' },
  };
}

function fromSift(raw: Obj): Obj {
  const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => !SIFT_FIELDS.has(k)));
  const out: Obj = Object.fromEntries(Object.entries(raw).filter(([k]) => SIFT_FIELDS.has(k) && k !== 'id' && k !== 'metrics' && k !== 'truth'));
  out.metadata = { ...(isObj(raw.metadata) ? raw.metadata : {}), ...extra };
  return out;
}

function metricsOf(raw: unknown): Map<string, MetricScalar[]> | string {
  const out = new Map<string, MetricScalar[]>();
  if (raw === undefined || raw === null) return out;
  if (!isObj(raw)) return 'metrics must be an object mapping names to values';
  for (const [name, v] of Object.entries(raw)) {
    if ((BUILTIN_METRICS as readonly string[]).includes(name)) continue; // derived from the conversation itself
    const values = Array.isArray(v) ? v : [v];
    if (values.length === 0) continue;
    for (const x of values) {
      if (typeof x !== 'boolean' && typeof x !== 'string' && !(typeof x === 'number' && Number.isFinite(x))) {
        return `metric "${name}": values must be booleans, strings or finite numbers (got ${JSON.stringify(x)})`;
      }
    }
    out.set(name, values as MetricScalar[]);
  }
  return out;
}

/** Reads one record of either shape; the reason names the field and rule when it cannot. */
export function parseRecord(raw: unknown): Parsed {
  if (!isObj(raw)) return { ok: false, reason: 'not a JSON object' };
  const idRaw = raw.id ?? raw.conversation_id;
  const id = ConversationId.safeParse(idRaw);
  if (!id.success) return { ok: false, reason: `id: ${id.error.issues[0]?.message ?? 'invalid'}` };
  const body = isPolyAi(raw) ? fromPolyAi(raw) : fromSift(raw);
  const parsed = ConversationBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, id: id.data, reason: `${issue.path.join('.') || 'record'}: ${issue.message}` };
  }
  const metrics = metricsOf(raw.metrics);
  if (typeof metrics === 'string') return { ok: false, id: id.data, reason: metrics };
  return { ok: true, record: { id: id.data, conversation: parsed.data, metrics } };
}
