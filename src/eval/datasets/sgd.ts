import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DemoMetric } from '../../demo/causes.js';
import type { DemoConversation, MetricValue } from '../../demo/generate.js';
import type { LabelledDataset } from './types.js';

export const SGD_FIXTURE = fileURLToPath(new URL('../../../test/fixtures/sgd/sgd-fixture-240.jsonl', import.meta.url));

interface SgdLine {
  id: string;
  started_at: string;
  turns: { role: 'user' | 'agent'; text: string }[];
  metrics: Record<string, MetricValue>;
  truth: { failure_reasons: { code: string; final?: boolean }[] };
}

const DEFINITIONS: Record<string, string> = {
  'Booking: outcome': 'Final state of every transactional request in the call.',
  'Booking: completed': 'Written only when a booking was requested; true when it was finally made.',
  'Booking: first attempt failed': 'The first booking attempt was refused (slot unavailable).',
  'Booking: recovered after failure': 'Written only after a failed first attempt; true when a later attempt succeeded.',
  'Confirmation: details corrected by user': 'The user rejected the agent\'s confirmation and changed a detail.',
  'Search: no results': 'A search returned nothing.',
};

/** Metric definitions from the values present: categorical when any value is a string. */
function metricsOf(lines: SgdLine[]): DemoMetric[] {
  const values = new Map<string, Set<MetricValue>>();
  for (const l of lines) for (const [k, v] of Object.entries(l.metrics)) (values.get(k) ?? values.set(k, new Set()).get(k)!).add(v);
  return [...values].sort(([a], [b]) => a.localeCompare(b)).map(([name, vs]) => {
    const strings = [...vs].filter((v): v is string => typeof v === 'string');
    return strings.length
      ? { name, type: 'categorical' as const, categories: strings.sort(), definition: DEFINITIONS[name] ?? '', flow: name.split(':')[0]!.toLowerCase() }
      : { name, type: 'boolean' as const, definition: DEFINITIONS[name] ?? '', flow: name.split(':')[0]!.toLowerCase() };
  });
}

/**
 * The 240-conversation Schema-Guided Dialogue fixture (CC BY-SA 4.0, see test/fixtures/sgd).
 * Turns get times 20 s apart from the synthetic start; metrics are written at the end.
 */
export function sgdDataset(path = SGD_FIXTURE): LabelledDataset {
  const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SgdLine);
  const truth = new Map(lines.map((l) => [l.id, [...new Set(l.truth.failure_reasons.map((r) => r.code))]]));
  const conversations: DemoConversation[] = lines.map((l) => {
    const t0 = Date.parse(l.started_at);
    const at = (i: number) => new Date(t0 + i * 20_000).toISOString();
    return {
      id: l.id,
      started_at: l.started_at,
      ended_at: at(l.turns.length),
      channel: 'voice',
      environment: 'live',
      handoff: null,
      turns: l.turns.map((t, i) => ({ role: t.role, text: t.text, at: at(i) })),
      metrics: l.metrics,
      writes: Object.entries(l.metrics).map(([name, value]) => ({ name, value, at: at(l.turns.length) })),
      metadata: { agent_version: 'sgd', line: 'sgd-dev' },
      truth: { intent: 'booking', failure_reasons: [] },
    };
  });
  const last = Math.max(...lines.map((l) => Date.parse(l.started_at)));
  return {
    name: 'sgd-240',
    data: { metrics: metricsOf(lines), conversations, causes: [] },
    now: new Date(last + 3_600_000),
    truth: (id, metric) => (metric === 'Booking: completed' ? (truth.get(id) ?? []) : []),
    labels: {
      requested_time_unavailable: 'Requested time unavailable (another time offered)',
      no_availability: 'Nothing available',
      no_search_results: 'No search results',
      service_failure_unexplained: 'Service failure, unexplained',
    },
    questions: [
      {
        question: 'why are bookings failing in the last 60 days?',
        kind: 'qualitative',
        metric: 'Booking: completed',
        failure: false,
        required: { codes: ['requested_time_unavailable', 'no_availability'], topK: 3, maxShareError: 0.15 },
      },
      { question: 'how many bookings failed last week?', kind: 'quantitative', metric: 'Booking: completed', failure: false },
      { question: 'how many bookings failed in the last 60 days?', kind: 'quantitative', metric: 'Booking: completed', failure: false },
    ],
  };
}
