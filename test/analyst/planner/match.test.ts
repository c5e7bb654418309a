import { describe, expect, it } from 'vitest';
import type { Clarification, Plan } from '../../../src/analyst/contract.js';
import { checkPlan, matchPlan } from '../../../src/analyst/planner/match.js';
import type { MetricRow } from '../../../src/db/metrics.js';

const metric = (name: string, type: MetricRow['type'], categories: string[] | null = null): MetricRow => ({
  id: `met_${name}`,
  project_id: 'prj_1',
  name,
  type,
  categories,
  min: null,
  max: null,
  definition: '',
  flow: null,
  archived_at: null,
  created_at: new Date(),
  updated_at: new Date(),
});

const SGD = [
  metric('Booking: outcome', 'categorical', ['completed', 'failed', 'not requested', 'partially completed']),
  metric('Booking: completed', 'boolean'),
  metric('Booking: first attempt failed', 'boolean'),
  metric('Booking: recovered after failure', 'boolean'),
  metric('Search: no results', 'boolean'),
];
const DEMO = [
  metric('Auth: verified', 'boolean'),
  metric('Auth: outcome', 'categorical', ['verified', 'failed', 'partial']),
  metric('Booking: completed', 'boolean'),
  metric('Handoff: reason', 'categorical', ['authentication failed', 'booking failed', 'billing dispute', 'caller request', 'complaint']),
  metric('Billing: resolved', 'boolean'),
  metric('CSAT: score', 'numeric'),
];

// Wednesday 17 June 2026, 10:00 UTC
const now = new Date('2026-06-17T10:00:00Z');
const plan = (q: string, metrics = SGD, history?: Plan[]) => {
  const p = matchPlan(q, metrics, { now, maxWindowDays: 90, ...(history ? { history } : {}) });
  if (p.kind === 'clarification') throw new Error(`unexpected clarification: ${p.question}`);
  return p;
};

describe('matchPlan: metrics and values', () => {
  it('reads "why are bookings failing?" as Booking: completed = false against true, over the last 30 days', () => {
    const p = plan('why are bookings failing?');
    expect(p).toMatchObject({ kind: 'qualitative', metric: 'Booking: completed', target_values: [false], contrast_values: [true] });
    expect(p.window).toEqual({ start: '2026-05-18T10:00:00.000Z', end: '2026-06-17T10:00:00.000Z' });
    expect(p.notes).toContain('no window named: the last 30 days');
    expect(checkPlan(p, SGD)).toEqual([]);
  });

  it('maps authentication words onto Auth: verified, not the categorical twin or a handoff category', () => {
    expect(plan('why are calls failing authentication?', DEMO)).toMatchObject({ metric: 'Auth: verified', target_values: [false], contrast_values: [true] });
    expect(plan('why is verification failing?', DEMO)).toMatchObject({ metric: 'Auth: verified', target_values: [false] });
  });

  it('takes true as the failure when the metric names a bad event', () => {
    expect(plan('why did the first booking attempt fail?')).toMatchObject({ metric: 'Booking: first attempt failed', target_values: [true], contrast_values: [false] });
  });

  it('targets a category the question names, contrasting it with the successful one', () => {
    const p = plan('what share of bookings were partially completed in the last 14 days?');
    expect(p).toMatchObject({ kind: 'quantitative', measure: 'rate', metric: 'Booking: outcome', target_values: ['partially completed'], contrast_values: ['completed'] });
  });

  it('asks which metric when the question names none, listing the outcome metrics', () => {
    const c = matchPlan('why are calls failing?', DEMO, { now, maxWindowDays: 90 }) as Clarification;
    expect(c.kind).toBe('clarification');
    expect(c.candidates.map((x) => x.metric)).toEqual(expect.arrayContaining(['Auth: verified', 'Booking: completed', 'Billing: resolved']));
    expect(c.question).toMatch(/Which metric/);
  });

  it('asks rather than guesses when two metrics tie', () => {
    const tied = [metric('Payment: completed', 'boolean'), metric('Payment: verified', 'boolean')];
    const c = matchPlan('why are payments failing?', tied, { now, maxWindowDays: 90 }) as Clarification;
    expect(c.kind).toBe('clarification');
    expect(c.candidates.map((x) => x.metric).sort()).toEqual(['Payment: completed', 'Payment: verified']);
  });
});

describe('matchPlan: kinds and windows', () => {
  it('reads counts, rates, trends and comparisons', () => {
    expect(plan('how many bookings failed last week?')).toMatchObject({ kind: 'quantitative', measure: 'count' });
    expect(plan('what is the booking failure rate?')).toMatchObject({ kind: 'quantitative', measure: 'rate' });
    expect(plan('booking failures per day this month')).toMatchObject({ kind: 'quantitative', measure: 'trend', interval: 'day' });
    expect(plan('compare booking failures with the previous week')).toMatchObject({ kind: 'quantitative', measure: 'comparison' });
    expect(plan('show me examples of failed bookings')).toMatchObject({ kind: 'qualitative' });
  });

  it('reads calendar windows in UTC, weeks from Monday', () => {
    expect(plan('how many bookings failed yesterday?').window).toEqual({ start: '2026-06-16T00:00:00.000Z', end: '2026-06-17T00:00:00.000Z' });
    expect(plan('how many bookings failed last week?').window).toEqual({ start: '2026-06-08T00:00:00.000Z', end: '2026-06-15T00:00:00.000Z' });
    expect(plan('how many bookings failed this month?').window).toEqual({ start: '2026-06-01T00:00:00.000Z', end: '2026-06-17T10:00:00.000Z' });
    expect(plan('why did bookings fail in the last 14 days?').window).toEqual({ start: '2026-06-03T10:00:00.000Z', end: '2026-06-17T10:00:00.000Z' });
    expect(plan('how many bookings failed between 2026-03-01 and 2026-03-31?').window).toEqual({ start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' });
  });

  it('shortens a window past the limit and says so', () => {
    const p = plan('how many bookings failed in the last 200 days?');
    expect(p.window).toEqual({ start: '2026-03-19T10:00:00.000Z', end: '2026-06-17T10:00:00.000Z' });
    expect(p.notes?.join(' ')).toMatch(/longer than the 90-day limit/);
    expect(checkPlan(p, SGD, { maxWindowDays: 90 })).toEqual([]);
  });
});

describe('matchPlan: follow-ups', () => {
  it('"and last week?" keeps the metric and kind and changes the window', () => {
    const first = plan('how many bookings failed in the last 14 days?');
    const next = plan('and last week?', SGD, [first]);
    expect(next).toMatchObject({ kind: 'quantitative', measure: 'count', metric: 'Booking: completed', target_values: [false] });
    expect(next.window).toEqual({ start: '2026-06-08T00:00:00.000Z', end: '2026-06-15T00:00:00.000Z' });
  });

  it('"why?" turns the last plan qualitative; "what about the successes?" swaps the groups', () => {
    const first = plan('how many bookings failed last week?');
    expect(plan('why?', SGD, [first])).toMatchObject({ kind: 'qualitative', metric: 'Booking: completed', window: first.window });
    expect(plan('what about the successes?', SGD, [first])).toMatchObject({ target_values: [true], contrast_values: [false] });
  });

  it('without history a bare follow-up is a clarification, not a guess', () => {
    expect(matchPlan('and last week?', SGD, { now, maxWindowDays: 90 }).kind).toBe('clarification');
  });
});

describe('checkPlan', () => {
  it('names every problem against the real metrics', () => {
    const bad: Plan = {
      kind: 'quantitative',
      metric: 'Booking: outcome',
      target_values: ['cancelled', true],
      contrast_values: ['cancelled'],
      window: { start: '2026-06-10T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' },
      filters: [{ metric: 'Nope', op: 'eq', value: true }],
      environment: 'live',
      interval: 'day',
    };
    const problems = checkPlan(bad, SGD);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/target_values: "cancelled" is not a category of Booking: outcome/),
        expect.stringMatching(/target_values: true is not a category/),
        expect.stringMatching(/contrast_values: "cancelled" also in target_values/),
        'window: start must be before end',
        'filters: metric "Nope" does not exist in this project',
        'interval: only trend plans have an interval',
      ]),
    );
    expect(checkPlan({ ...plan('why are bookings failing?'), metric: 'Made up' }, SGD)).toEqual(['metric "Made up" does not exist in this project']);
  });
});
