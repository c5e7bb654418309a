import { describe, expect, it } from 'vitest';
import { lintNames } from '../../src/metrics/lint.js';
import { testEnv } from '../support/deps.js';

const rules = (names: string[]) => lintNames(names).map((w) => [w.rule, w.metrics]);

describe('naming lint', () => {
  it('is silent on a project written in one style with shared prefixes', () => {
    expect(lintNames(['Auth: verified', 'Auth: outcome', 'Booking: completed', 'Handoff: reason', 'CSAT: score'])).toEqual([]);
  });

  it('flags a name in a different casing style', () => {
    expect(rules(['Auth: verified', 'Booking: completed', 'Handoff: reason', 'PAYMENT_TAKEN'])).toContainEqual(['mixed_casing', ['PAYMENT_TAKEN']]);
    expect(rules(['auth_verified', 'booking_completed', 'Handoff reason']).filter(([r]) => r === 'mixed_casing')).toEqual([['mixed_casing', ['Handoff reason']]]);
  });

  it('flags synonyms for one concept', () => {
    const w = lintNames(['Handoff: reason', 'Transfer: requested', 'Escalated']).find((x) => x.rule === 'synonyms');
    expect(w?.metrics).toEqual(['Handoff: reason', 'Transfer: requested', 'Escalated']);
    expect(w?.message).toContain('"handoff"');
    expect(w?.message).toContain('"escalation"');
  });

  it('flags near-duplicates but not numbered series', () => {
    expect(rules(['Auth: verified', 'Auth: verifed'])).toContainEqual(['near_duplicate', ['Auth: verified', 'Auth: verifed']]);
    expect(rules(['Booking: completed', 'BOOKING_COMPLETED'])).toContainEqual(['near_duplicate', ['Booking: completed', 'BOOKING_COMPLETED']]);
    expect(rules(['Step: 1 done', 'Step: 2 done']).filter(([r]) => r === 'near_duplicate')).toEqual([]);
  });

  it('flags related metrics without a shared prefix', () => {
    expect(rules(['Auth: verified', 'Auth failed'])).toContainEqual(['missing_prefix', ['Auth failed']]);
    const w = lintNames(['Payment taken', 'Payment failed']).find((x) => x.rule === 'missing_prefix');
    expect(w?.message).toContain('"Payment: taken", "Payment: failed"');
  });
});

describe('lint over HTTP', async () => {
  const env = await testEnv();
  await env.call('POST', '/v1/projects', { slug: 'lint', name: 'Lint' });
  const create = async (body: object) => (await env.call('POST', '/v1/projects/lint/metrics', body)).json();

  it('returns warnings on create without blocking it', async () => {
    expect((await create({ name: 'Booking: completed', type: 'boolean' })).warnings).toEqual([]);
    await create({ name: 'Auth: verified', type: 'boolean' });
    const odd = await create({ name: 'BOOKING_COMPLETED', type: 'boolean' });
    expect(odd.id).toBeTruthy();
    expect(odd.warnings.map((w: { rule: string }) => w.rule)).toEqual(expect.arrayContaining(['mixed_casing', 'near_duplicate', 'missing_prefix']));
  });

  it('serves the whole project at /metrics/lint, not mistaken for a metric name', async () => {
    await create({ name: 'Transfer: reason', type: 'boolean' });
    await create({ name: 'Handoff: requested', type: 'boolean' });
    const res = await env.call('GET', '/v1/projects/lint/metrics/lint');
    expect(res.status).toBe(200);
    const { warnings } = await res.json();
    expect(warnings.map((w: { rule: string }) => w.rule)).toEqual(expect.arrayContaining(['mixed_casing', 'synonyms', 'near_duplicate']));
  });
});
