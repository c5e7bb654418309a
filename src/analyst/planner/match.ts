import type { MetricRow } from '../../db/metrics.js';
import type { Clarification, Plan } from '../contract.js';
import { readKind } from './kind.js';
import { pickMetric, type MetricCandidate } from './metrics.js';
import { pickValues, questionPolarity, namedCategories } from './values.js';
import { defaultWindow, parseWindow, WindowError, windowDays, type ParsedWindow } from './window.js';
import { words } from './words.js';

export { checkPlan } from './check.js';

export interface MatchOptions {
  now: Date;
  /** earlier plans of the thread, oldest first: follow-ups resolve against the last */
  history?: Plan[];
  maxWindowDays: number;
  /** window when the question names none; 30 days unless configured */
  defaultDays?: number;
}

const FOLLOW_UP = /^\s*(and|what about|how about|same|also|now|ok(ay)?|then)\b|\b(instead|the same|those|them|that)\b/i;
const SWAP = /\b(successes|the successful ones|the good ones|the others)\b/i;

/**
 * A plan from the question alone, with no LLM: words to metric names and categories, failure
 * words to target values, cue words to the kind, time phrases to the window. A question that
 * names no metric unambiguously gets a clarification listing the candidates.
 */
export function matchPlan(question: string, metrics: MetricRow[], opts: MatchOptions): Plan | Clarification {
  const notes: string[] = [];
  let parsed: ParsedWindow | null;
  try {
    parsed = parseWindow(question, opts.now);
  } catch (e) {
    if (!(e instanceof WindowError)) throw e;
    return clarify(`I could not read the time window: ${e.message}. Which period do you mean?`, []);
  }
  const cue = readKind(question);
  const { pick, candidates } = pickMetric(question, metrics);
  const last = opts.history?.at(-1);

  if (!pick) {
    if (last && (FOLLOW_UP.test(question) || parsed || cue || words(question).length <= 4)) return followUp(question, last, metrics, parsed, cue, opts);
    return ambiguous(question, candidates);
  }

  const metric = pick.metric;
  const values = pickValues(metric, question, questionPolarity(question));
  if ('error' in values) return clarify(values.error, [{ metric: metric.name, reason: values.error }]);

  const kind = cue ?? { kind: 'qualitative' as const };
  const window = finishWindow(parsed, opts, notes);
  return withKind(
    {
      kind: kind.kind,
      metric: metric.name,
      target_values: values.target,
      contrast_values: values.contrast,
      window,
      filters: [],
      environment: readEnvironment(question) ?? 'live',
      ...(readChannels(question) ? { channels: readChannels(question)! } : {}),
      notes,
    },
    kind,
    notes,
  );
}

/** "and last week?", "what about the successes?": the last plan with what the question changes. */
function followUp(question: string, last: Plan, metrics: MetricRow[], parsed: ParsedWindow | null, cue: ReturnType<typeof readKind>, opts: MatchOptions): Plan {
  const notes = [`follow-up: ${last.metric} as in the previous question`];
  const window = parsed ? finishWindow(parsed, opts, notes) : last.window;
  let target = last.target_values;
  let contrast = last.contrast_values;
  const metric = metrics.find((m) => m.name === last.metric);
  const named = metric ? namedCategories(question, metric) : [];
  if (named.length) {
    target = named;
    contrast = last.target_values.filter((v) => typeof v === 'string' && !named.includes(v));
    if (!contrast.length) contrast = last.contrast_values.filter((v) => typeof v === 'string' && !named.includes(v));
  } else if (SWAP.test(question) && last.contrast_values.length) {
    [target, contrast] = [last.contrast_values, last.target_values];
  }
  const kind = cue ?? { kind: last.kind, ...(last.measure ? { measure: last.measure } : {}), ...(last.interval ? { interval: last.interval } : {}) };
  const { notes: _lastNotes, measure: _m, interval: _i, ...base } = last;
  return withKind({ ...base, target_values: target, contrast_values: contrast, window, notes }, kind, notes);
}

function withKind(plan: Plan, cue: NonNullable<ReturnType<typeof readKind>>, notes: string[]): Plan {
  if (cue.kind === 'qualitative') return { ...plan, kind: 'qualitative' };
  const measure = cue.measure ?? 'count';
  const out: Plan = { ...plan, kind: 'quantitative', measure };
  if (measure === 'trend') {
    out.interval = cue.interval ?? (windowDays(plan.window) <= 2 ? 'hour' : windowDays(plan.window) <= 31 ? 'day' : 'week');
    if (!cue.interval) notes.push(`no interval named: by ${out.interval}`);
  }
  return out;
}

function finishWindow(parsed: ParsedWindow | null, opts: MatchOptions, notes: string[]): Plan['window'] {
  const days = opts.defaultDays ?? 30;
  let w = parsed ?? defaultWindow(opts.now, Math.min(days, opts.maxWindowDays));
  if (!parsed) notes.push(`no window named: the last ${Math.min(days, opts.maxWindowDays)} days`);
  if (windowDays(w) > opts.maxWindowDays) {
    w = { ...w, start: new Date(w.end.getTime() - opts.maxWindowDays * 86_400_000) };
    notes.push(`"${parsed?.phrase}" is longer than the ${opts.maxWindowDays}-day limit: shortened to the last ${opts.maxWindowDays} days of it`);
  }
  return { start: w.start.toISOString(), end: w.end.toISOString() };
}

function ambiguous(question: string, candidates: MetricCandidate[]): Clarification {
  const list = candidates.slice(0, 8).map((c) => ({
    metric: c.metric.name,
    reason: c.score > 0 ? `the question names ${c.matched.join(', ')}` : c.tier < 2 ? 'an outcome metric of this project' : 'a metric of this project',
  }));
  const text = list.length
    ? `Which metric do you mean? "${question.trim()}" could be about ${list.map((c) => c.metric).join(', ')}.`
    : 'This project has no yes/no or categorical metrics yet, so there is nothing to ask about.';
  return clarify(text, list);
}

function clarify(text: string, candidates: Clarification['candidates']): Clarification {
  return { kind: 'clarification', question: text, candidates };
}

function readEnvironment(question: string): string | null {
  return question.toLowerCase().match(/\bin (?:the )?(staging|test|sandbox|development|dev|live|production)(?: environment)?\b/)?.[1]?.replace('production', 'live') ?? null;
}

function readChannels(question: string): string[] | null {
  const m = question.toLowerCase().match(/\b(?:on|via|over|in) (?:the )?(voice|phone|chat|web|sms|whatsapp|email|messenger)(?: channel)?\b|\bchannel (?:is )?["']?([a-z0-9_-]+)/);
  const ch = m?.[1] ?? m?.[2];
  return ch ? [ch === 'phone' ? 'voice' : ch] : null;
}
