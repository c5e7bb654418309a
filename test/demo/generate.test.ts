import { describe, expect, it } from 'vitest';
import { AUTH_CAUSES, BOOKING_CAUSES, DEMO_METRICS, RATES } from '../../src/demo/causes.js';
import { generateDemo, type DemoConversation } from '../../src/demo/generate.js';

const now = new Date('2026-06-15T12:00:00Z');
const data = generateDemo({ seed: 42, now });
const convs = data.conversations;
const DAY = 86_400_000;

const failures = (metric: string) => convs.filter((c) => c.metrics[metric] === false);
const causeOf = (c: DemoConversation, metric: string) => c.truth.failure_reasons.find((r) => r.metric === metric)?.code;

describe('demo generator', () => {
  it('is deterministic by seed and changes with it', () => {
    const again = generateDemo({ seed: 42, now });
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
    const other = generateDemo({ seed: 7, now, count: 50 });
    expect(other.conversations[0]!.turns).not.toEqual(convs[0]!.turns);
  });

  it('spreads the requested number of calls over the last 60 days, in order, with timed turns', () => {
    expect(convs).toHaveLength(3000);
    const times = convs.map((c) => Date.parse(c.started_at));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 60 * DAY);
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(convs.map((c) => c.id)).size).toBe(3000);
    for (const c of convs.slice(0, 200)) {
      const at = c.turns.map((t) => Date.parse(t.at));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(Date.parse(c.ended_at)).toBeGreaterThan(at.at(-1)!);
      expect(c.turns.some((t) => t.role === 'user') && c.turns.some((t) => t.role === 'agent')).toBe(true);
    }
  });

  it('writes only defined metrics, with valid values, and leaves inapplicable ones absent', () => {
    const defs = new Map(DEMO_METRICS.map((m) => [m.name, m]));
    for (const c of convs) {
      for (const [name, value] of Object.entries(c.metrics)) {
        const def = defs.get(name)!;
        expect(def, name).toBeDefined();
        if (def.type === 'boolean') expect(typeof value).toBe('boolean');
        if (def.type === 'categorical') expect(def.categories).toContain(value);
        if (def.type === 'numeric') expect(value).toSatisfy((v: number) => v >= def.min! && v <= def.max!);
      }
      if (c.truth.intent === 'general') expect(c.metrics['Auth: verified']).toBeUndefined();
      if (c.metrics['Auth: verified'] === false) expect(c.metrics['Booking: completed']).toBeUndefined();
      expect(c.metrics['Handoff: reason'] !== undefined).toBe(c.handoff !== null);
    }
    const general = convs.filter((c) => c.truth.intent === 'general').length;
    expect(general).toBeGreaterThan(300);
  });

  it('keeps every write in order, the effective value being the last one', () => {
    const corrected = convs.filter((c) => c.writes.filter((w) => w.name === 'Auth: verified').length === 2);
    expect(corrected.length).toBeGreaterThan(50);
    for (const c of convs) {
      const at = c.writes.map((w) => Date.parse(w.at));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(at[0] ?? Infinity).toBeGreaterThanOrEqual(Date.parse(c.started_at));
      expect(at.at(-1) ?? -Infinity).toBeLessThanOrEqual(Date.parse(c.ended_at));
    }
    for (const c of corrected) {
      expect(c.writes.find((w) => w.name === 'Auth: verified')!.value).toBe(false);
      expect(c.metrics['Auth: verified']).toBe(true);
    }
  });

  it.each([AUTH_CAUSES, BOOKING_CAUSES])('plants the $metric failure causes in their documented proportions', (group) => {
    const failed = failures(group.metric);
    expect(failed.every((c) => causeOf(c, group.metric))).toBe(true);
    for (const cause of group.causes) {
      const share = failed.filter((c) => causeOf(c, group.metric) === cause.code).length / failed.length;
      if (cause.planted) expect(share, cause.code).toBeGreaterThan(0.1);
      else expect(share, cause.code).toBeLessThan(0.1);
      // the regression moves auth timeouts up a few points; the rest stay near their share
      expect(Math.abs(share - cause.share), cause.code).toBeLessThan(0.07);
    }
    // successes carry no cause
    expect(convs.filter((c) => c.metrics[group.metric] === true).every((c) => !causeOf(c, group.metric))).toBe(true);
  });

  const visible: Record<string, RegExp> = {
    auth_dob_mismatch: /date of birth|birth date/i,
    auth_no_account_number: /account number/i,
    auth_service_timeout: /timed out|not responding|trouble reaching|taking longer/i,
    auth_postcode_mismatch: /postcode/i,
    booking_slot_unavailable: /fully booked|no appointments|isn't available|nothing is free/i,
    booking_card_declined: /declined/i,
    booking_caller_abandoned: /call back|ring back|another time|forget it|still there/i,
  };

  it('shows each planted cause in the transcript, in several phrasings', () => {
    for (const [code, pattern] of Object.entries(visible)) {
      const calls = convs.filter((c) => c.truth.failure_reasons.some((r) => r.code === code));
      const texts = calls.map((c) => c.turns.filter((t) => t.role !== 'function').map((t) => t.text).join('\n'));
      expect(texts.every((t) => pattern.test(t)), code).toBe(true);
      const lines = new Set(calls.flatMap((c) => c.turns.filter((t) => t.role !== 'function' && pattern.test(t.text)).map((t) => t.text.replace(/\d+/g, '#'))));
      expect(lines.size, code).toBeGreaterThanOrEqual(3);
    }
  });

  it('adds noise: some successes say failure-like things too', () => {
    const verified = convs.filter((c) => c.metrics['Auth: verified'] === true);
    const mentionsMismatch = verified.filter((c) => c.turns.some((t) => t.role === 'agent' && /doesn't match|does not match|not what I have/.test(t.text)));
    expect(mentionsMismatch.length / verified.length).toBeGreaterThan(0.03);
  });

  it('has a recent regression: auth failures rise in the last week', () => {
    const rate = (from: number, to: number) => {
      const xs = convs.filter((c) => Date.parse(c.started_at) >= from && Date.parse(c.started_at) < to && c.metrics['Auth: verified'] !== undefined);
      return xs.filter((c) => c.metrics['Auth: verified'] === false).length / xs.length;
    };
    const cut = now.getTime() - RATES.regression.days * DAY;
    const before = rate(0, cut);
    const recent = rate(cut, now.getTime());
    expect(before).toBeGreaterThan(0.15);
    expect(before).toBeLessThan(0.25);
    expect(recent - before).toBeGreaterThan(0.05);
  });
});
