import type { Answer, Theme } from '../analyst/contract.js';
import { normaliseQuote } from '../analyst/statistical/quotes.js';
import type { DemoConversation } from '../demo/generate.js';
import type { EvalQuestion, LabelledDataset } from './datasets/types.js';

/**
 * Mapping rule: a theme stands for a true reason when more than half of the failures it covers
 * (its conversation_ids; for an engine that lists none, its example conversations) have that
 * reason in their truth. A theme maps to at most one reason (the most common among its
 * conversations); a reason counts as found at the rank of the first theme that maps to it.
 * The engine never sees the truth: the mapping happens here, after the answer.
 */
export function mapTheme(theme: Theme, truthOf: (id: string) => string[]): { code: string | null; purity: number; covered: number } {
  const ids = theme.conversation_ids?.length ? theme.conversation_ids : [...new Set(theme.examples.map((e) => e.conversation_id))];
  if (!ids.length) return { code: null, purity: 0, covered: 0 };
  const counts = new Map<string, number>();
  for (const id of ids) for (const c of truthOf(id)) counts.set(c, (counts.get(c) ?? 0) + 1);
  const [code, n] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [null, 0];
  const purity = n / ids.length;
  return { code: purity > 0.5 ? code : null, purity, covered: ids.length };
}

export interface ReasonScore {
  code: string;
  truth_share: number;
  found_rank: number | null;
  share: number | null;
  share_error: number | null;
}

export interface QualitativeScore {
  planned_ok: boolean;
  reasons: ReasonScore[];
  recall: number;
  citations: { valid: number; total: number };
  themes: { title: string; maps_to: string | null; purity: number; share: number }[];
  pass: boolean;
}

const inWindow = (c: DemoConversation, a: Answer) => c.started_at >= a.plan.window.start && c.started_at < a.plan.window.end;

/** Failures in the plan's window, straight from the data set (not from the store). */
function failuresOf(ds: LabelledDataset, q: EvalQuestion, a: Answer): DemoConversation[] {
  return ds.data.conversations.filter((c) => inWindow(c, a) && c.metrics[q.metric] === q.failure);
}

export function scoreQualitative(ds: LabelledDataset, q: EvalQuestion, a: Answer, sampleIds: Set<string>): QualitativeScore {
  const truthOf = (id: string) => ds.truth(id, q.metric);
  const failures = failuresOf(ds, q, a);
  const themes = (a.themes ?? []).map((t) => ({ t, m: mapTheme(t, truthOf) }));
  const codes = q.required?.codes ?? [];
  const topK = q.required?.topK ?? 3;
  const reasons = codes.map((code): ReasonScore => {
    const truthShare = failures.length ? failures.filter((c) => truthOf(c.id).includes(code)).length / failures.length : 0;
    const rank = themes.findIndex((x) => x.m.code === code);
    const share = rank >= 0 ? themes[rank]!.t.failures.share : null;
    return { code, truth_share: truthShare, found_rank: rank >= 0 ? rank + 1 : null, share, share_error: share === null ? null : Math.abs(share - truthShare) };
  });
  const byId = new Map(ds.data.conversations.map((c) => [c.id, c]));
  let valid = 0;
  let total = 0;
  for (const { t } of themes) {
    for (const e of t.examples) {
      total++;
      const turn = byId.get(e.conversation_id)?.turns[e.turn];
      if (sampleIds.has(e.conversation_id) && turn && normaliseQuote(turn.text).includes(normaliseQuote(e.quote)) && e.quote.trim()) valid++;
    }
  }
  const found = reasons.filter((r) => r.found_rank !== null && r.found_rank <= topK);
  const maxErr = q.required?.maxShareError ?? null;
  const sharesOk = maxErr === null || found.every((r) => (r.share_error ?? 1) <= maxErr);
  const plannedOk = a.plan.metric === q.metric && a.plan.target_values.length === 1 && a.plan.target_values[0] === q.failure;
  return {
    planned_ok: plannedOk,
    reasons,
    recall: codes.length ? found.length / codes.length : 1,
    citations: { valid, total },
    themes: themes.map(({ t, m }) => ({ title: t.title, maps_to: m.code, purity: m.purity, share: t.failures.share })),
    pass: plannedOk && found.length === codes.length && sharesOk && valid === total,
  };
}

export interface QuantitativeScore {
  planned_ok: boolean;
  expected: { count: number; written: number; not_written: number };
  got: { count: number; written: number; not_written: number } | null;
  exact: boolean;
}

/** The answer's target figure against a hand count over the data set's own records. */
export function scoreQuantitative(ds: LabelledDataset, q: EvalQuestion, a: Answer): QuantitativeScore {
  const all = ds.data.conversations.filter((c) => inWindow(c, a));
  const written = all.filter((c) => q.metric in c.metrics);
  const expected = { count: written.filter((c) => c.metrics[q.metric] === q.failure).length, written: written.length, not_written: all.length - written.length };
  const f = a.figures?.[0];
  const got = f ? { count: f.count, written: f.denominator, not_written: f.not_written ?? -1 } : null;
  const plannedOk = a.plan.metric === q.metric && a.plan.target_values[0] === q.failure;
  return { planned_ok: plannedOk, expected, got, exact: plannedOk && !!got && got.count === expected.count && got.written === expected.written && got.not_written === expected.not_written };
}
