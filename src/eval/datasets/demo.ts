import { AUTH_CAUSES, BOOKING_CAUSES, type CauseGroup } from '../../demo/causes.js';
import { generateDemo } from '../../demo/generate.js';
import type { EvalQuestion, LabelledDataset } from './types.js';

/** Planted causes above 10% of failures: the ones the offline engine must find. */
export function plantedAbove(group: CauseGroup, share = 0.1): string[] {
  return group.causes.filter((c) => c.planted && c.share > share).map((c) => c.code);
}

/**
 * The synthetic demo (src/demo/generate.ts) with its planted causes as truth; a fixed seed and
 * clock so every run reads the same conversations.
 */
export function demoDataset(opts: { seed?: number; count?: number; now?: Date } = {}): LabelledDataset {
  const now = opts.now ?? new Date('2026-06-15T12:00:00Z');
  const data = generateDemo({ seed: opts.seed ?? 42, now, count: opts.count ?? 3000 });
  const truth = new Map(data.conversations.map((c) => [c.id, c.truth.failure_reasons]));
  const labels = Object.fromEntries(data.causes.flatMap((g) => g.causes.map((c) => [c.code, c.label])));
  const questions: EvalQuestion[] = [
    {
      question: 'why are calls failing authentication?',
      kind: 'qualitative',
      metric: AUTH_CAUSES.metric,
      failure: AUTH_CAUSES.failure,
      required: { codes: plantedAbove(AUTH_CAUSES), topK: 6, maxShareError: null },
    },
    {
      question: 'why are bookings failing?',
      kind: 'qualitative',
      metric: BOOKING_CAUSES.metric,
      failure: BOOKING_CAUSES.failure,
      required: { codes: plantedAbove(BOOKING_CAUSES), topK: 6, maxShareError: null },
    },
    { question: 'how many bookings failed last week?', kind: 'quantitative', metric: BOOKING_CAUSES.metric, failure: BOOKING_CAUSES.failure },
    { question: 'how many calls failed authentication in the last 14 days?', kind: 'quantitative', metric: AUTH_CAUSES.metric, failure: AUTH_CAUSES.failure },
  ];
  return {
    name: 'demo',
    data,
    now,
    truth: (id, metric) => [...new Set((truth.get(id) ?? []).filter((r) => r.metric === metric).map((r) => r.code))],
    labels,
    questions,
  };
}
