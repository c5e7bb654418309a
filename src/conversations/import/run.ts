import { createHash } from 'node:crypto';
import { checkValue } from '../../metrics/values.js';
import type { ConversationInput } from '../ingest-schema.js';
import { checkpointPath, clearCheckpoint, LineTracker, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { planMetrics, type ExistingMetric, type MetricPlan } from './infer.js';
import { parseRecord, type ImportRecord, type MetricScalar, type Parsed } from './records.js';
import { countItems, detectKind, readItems } from './source.js';

export interface RemoteMetric extends ExistingMetric {
  min: number | null;
  max: number | null;
}

/** What the import needs from a Sift server; the CLI implements it over HTTP. */
export interface ImportClient {
  listMetrics(): Promise<RemoteMetric[]>;
  createMetric(body: { name: string; type: string; categories?: string[]; definition: string }): Promise<void>;
  setCategories(name: string, categories: string[]): Promise<void>;
  putConversation(id: string, body: ConversationInput): Promise<void>;
  writeMetrics(writes: { conversation_id: string; name: string; value: MetricScalar; source: string }[], idempotencyKey: string): Promise<void>;
}

export interface ImportOptions {
  file: string;
  project: string;
  createMetrics: boolean;
  restart: boolean;
  concurrency: number;
  source: string;
  onTotal(total: number): void;
  onProgress(done: number): void;
  onReject(line: number, id: string | null, reason: string): void;
  onNote(text: string): void;
}

export interface ImportSummary {
  imported: number;
  rejected: number;
  skipped: number;
  writes: number;
  metrics: MetricPlan[];
}

const WRITE_CHUNK = 1000;

/** Values of each metric seen in the file, for --create-metrics. */
async function scanMetrics(file: string, kind: 'json' | 'jsonl') {
  const seen = new Map<string, Set<MetricScalar>>();
  for await (const item of readItems(file, kind)) {
    if (!('value' in item)) continue;
    const p = parseRecord(item.value);
    if (!p.ok) continue;
    for (const [name, values] of p.record.metrics) {
      const set = seen.get(name) ?? new Set<MetricScalar>();
      for (const v of values) set.add(v);
      seen.set(name, set);
    }
  }
  return seen;
}

/** A record's metric values checked against the project's definitions before anything is sent. */
function checkMetrics(record: ImportRecord, defs: Map<string, RemoteMetric>, refused: Map<string, string>): string | null {
  for (const [name, values] of record.metrics) {
    const def = defs.get(name);
    if (!def) {
      const why = refused.get(name);
      return why ? `metric "${name}" is not defined and was not created: ${why}` : `metric "${name}" is not defined in this project (define it, or pass --create-metrics)`;
    }
    if (def.archived_at) return `metric "${name}" is archived and refuses new writes`;
    for (const v of values) {
      const check = checkValue(def, v);
      if (!check.ok) return check.detail;
    }
  }
  return null;
}

async function applyPlans(client: ImportClient, plans: MetricPlan[], note: (t: string) => void) {
  for (const plan of plans) {
    if (plan.action === 'create') {
      await client.createMetric({
        name: plan.name,
        type: plan.type,
        ...(plan.type === 'categorical' ? { categories: plan.categories } : {}),
        definition: 'Created by sift import --create-metrics from the values in the imported file; describe what it measures.',
      });
      note(`created ${plan.type} metric "${plan.name}"`);
    } else if (plan.action === 'add_categories') {
      await client.setCategories(plan.name, plan.categories);
      note(`added categories to "${plan.name}"`);
    } else note(`not creating "${plan.name}": ${plan.reason}`);
  }
}

/** Loads conversations and their metric values; each rejected item is reported with its line. */
export async function runImport(client: ImportClient, o: ImportOptions): Promise<ImportSummary> {
  const kind = await detectKind(o.file);
  o.onTotal(await countItems(o.file, kind));
  const cpPath = checkpointPath(o.file, o.project);
  const startAfter = o.restart ? 0 : await readCheckpoint(cpPath);
  if (startAfter > 0) o.onNote(`resuming after line ${startAfter} (pass --restart to start over)`);

  let plans: MetricPlan[] = [];
  if (o.createMetrics) {
    plans = planMetrics(await scanMetrics(o.file, kind), await client.listMetrics());
    await applyPlans(client, plans, o.onNote);
  }
  const defs = new Map((await client.listMetrics()).map((m) => [m.name, m]));
  const refused = new Map(plans.flatMap((p) => (p.action === 'refuse' ? [[p.name, p.reason] as const] : [])));

  const summary: ImportSummary = { imported: 0, rejected: 0, skipped: 0, writes: 0, metrics: plans };
  const tracker = new LineTracker(startAfter);
  let finished = 0;
  let sinceSave = 0;
  const running = new Set<Promise<void>>();

  const one = async (record: ImportRecord) => {
    await client.putConversation(record.id, record.conversation);
    const writes = [...record.metrics].flatMap(([name, values]) => values.map((value) => ({ conversation_id: record.id, name, value, source: o.source })));
    for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
      const chunk = writes.slice(i, i + WRITE_CHUNK);
      const key = `sift-import:${createHash('sha256').update(JSON.stringify([o.project, record.id, i, chunk])).digest('hex')}`;
      await client.writeMetrics(chunk, key);
      summary.writes += chunk.length;
    }
    summary.imported++;
  };

  const settle = async (line: number) => {
    tracker.end(line);
    o.onProgress(++finished + summary.skipped);
    if (++sinceSave >= 200) {
      sinceSave = 0;
      await writeCheckpoint(cpPath, tracker.done());
    }
  };

  for await (const item of readItems(o.file, kind)) {
    if (item.line <= startAfter) {
      summary.skipped++;
      continue;
    }
    tracker.begin(item.line);
    const parsed: Parsed = 'error' in item ? { ok: false, reason: item.error } : parseRecord(item.value);
    const problem = parsed.ok ? checkMetrics(parsed.record, defs, refused) : parsed.reason;
    if (!parsed.ok || problem) {
      summary.rejected++;
      o.onReject(item.line, parsed.ok ? parsed.record.id : (parsed.id ?? null), problem ?? 'invalid');
      await settle(item.line);
      continue;
    }
    const task: Promise<void> = one(parsed.record)
      .catch((e: unknown) => {
        summary.rejected++;
        o.onReject(item.line, parsed.record.id, (e as Error).message);
      })
      .then(() => settle(item.line))
      .finally(() => running.delete(task));
    running.add(task);
    if (running.size >= o.concurrency) await Promise.race(running);
  }
  await Promise.all(running);
  await clearCheckpoint(cpPath);
  return summary;
}
