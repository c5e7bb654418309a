import { describe, expect, it } from 'vitest';
import { drawSample, getSample } from '../../src/sampling/draw.js';
import { fixedClock, testEnv } from '../support/deps.js';
import { manyConversations, seedProject, type FixtureConversation } from './fixture.js';

const clock = fixedClock(new Date('2026-06-15T12:00:00Z'));
const env = await testEnv({ clock });
const project = await seedProject(env, 'draws', manyConversations('c', 400, clock.now()));
const groups = [
  { label: 'failures', values: ['failed', 'partial'] },
  { label: 'successes', values: ['verified'] },
];

describe('drawSample', () => {
  it('draws named groups, reports the frame, and stores the sample', async () => {
    const s = await drawSample(env.deps, project, { metric: 'Auth: outcome', per_stratum: 20, seed: 7, strata: groups });
    const exact = { population_exact: true, population_ci: [200, 200] };
    expect(s.frame).toEqual([
      { value: 'failures', population: 200, sampled: 20, inclusion_probability: 0.1, weight: 10, ...exact },
      { value: 'successes', population: 200, sampled: 20, inclusion_probability: 0.1, weight: 10, ...exact },
    ]);
    expect(s.seed).toBe(7);
    expect(s.window).toEqual({ start: '2026-05-16T12:00:00.000Z', end: '2026-06-15T12:00:00.000Z' });
    expect(s.conversations).toHaveLength(40);
    for (const c of s.conversations.slice(0, 20)) expect(['failed', 'partial']).toContain(c.metrics['Auth: outcome']);
    expect(new Set(s.conversations.map((c) => c.id)).size).toBe(40);
    const again = await getSample(env.deps, project, s.id);
    expect(again.conversations.map((c) => c.id)).toEqual(s.conversations.map((c) => c.id));
  });

  it('is reproducible by seed', async () => {
    const a = await drawSample(env.deps, project, { metric: 'Auth: outcome', per_stratum: 15, seed: 'abc', strata: groups });
    const b = await drawSample(env.deps, project, { metric: 'Auth: outcome', per_stratum: 15, seed: 'abc', strata: groups });
    const c = await drawSample(env.deps, project, { metric: 'Auth: outcome', per_stratum: 15, seed: 'abd', strata: groups });
    expect(b.conversations.map((x) => x.id)).toEqual(a.conversations.map((x) => x.id));
    expect(c.conversations.map((x) => x.id)).not.toEqual(a.conversations.map((x) => x.id));
  });

  it('splits a total equally or in proportion to population', async () => {
    const base = { metric: 'Auth: outcome', seed: 1 };
    const equal = await drawSample(env.deps, project, { ...base, allocation: 'equal', total: 31 });
    expect(equal.frame.map((f) => [f.value, f.population, f.sampled])).toEqual([
      ['verified', 200, 11],
      ['failed', 100, 10],
      ['partial', 100, 10],
    ]);
    const prop = await drawSample(env.deps, project, { ...base, allocation: 'proportional', total: 40 });
    expect(prop.frame.map((f) => f.sampled)).toEqual([20, 10, 10]);
    expect(prop.frame.every((f) => f.weight === 10)).toBe(true);
    expect(prop.conversations).toHaveLength(40);
  });

  it('lets each stratum ask for its own size under fixed allocation', async () => {
    const s = await drawSample(env.deps, project, {
      metric: 'Auth: outcome',
      seed: 4,
      strata: [
        { label: 'failures', values: ['failed', 'partial'], n: 7 },
        { label: 'successes', values: ['verified'], n: 3 },
      ],
    });
    expect(s.frame.map((f) => [f.value, f.sampled, f.weight])).toEqual([
      ['failures', 7, 200 / 7],
      ['successes', 3, 200 / 3],
    ]);
    // a stratum's members are in draw order: the first k are the same seed's sample of k
    const small = await drawSample(env.deps, project, { metric: 'Auth: outcome', seed: 4, strata: [{ label: 'failures', values: ['failed', 'partial'], n: 4 }] });
    expect(small.conversations.map((c) => c.id)).toEqual(s.conversations.slice(0, 4).map((c) => c.id));
  });

  it('stratifies booleans by default, numerics by ranges, and can add a "not written" stratum', async () => {
    const bool = await drawSample(env.deps, project, { metric: 'Auth: verified', per_stratum: 5, seed: 2 });
    expect(bool.frame.map((f) => [f.value, f.population])).toEqual([
      ['true', 200],
      ['false', 200],
    ]);
    expect(bool.conversations.slice(0, 5).every((c) => c.metrics['Auth: verified'] === true)).toBe(true);
    const num = await drawSample(env.deps, project, { metric: 'CSAT', per_stratum: 5, seed: 3, strata: [{ label: 'low', max: 2 }, { min: 2, max: 4 }, { min: 4 }] });
    expect(num.frame.map((f) => [f.value, f.population])).toEqual([
      ['low', 160],
      ['2..4', 160],
      ['4..inf', 80],
    ]);
    for (const c of num.conversations.filter((x) => x.stratum === 'low')) expect(c.metrics.CSAT).toBeLessThan(2);
  });

  it('weights the estimate back to the population', async () => {
    // proportional 10% vs a 1-in-5 oversample of failures: both weigh back to the true counts
    const s = await drawSample(env.deps, project, { metric: 'Auth: outcome', per_stratum: 40, seed: 9, strata: groups });
    const estimate = s.frame.reduce((sum, f) => sum + f.weight * s.conversations.filter((c) => c.stratum === f.value).length, 0);
    expect(estimate).toBe(400);
    expect(s.frame.map((f) => f.inclusion_probability)).toEqual([0.2, 0.2]);
  });

  it('refuses bad requests with pointers, never a silent default', async () => {
    const cases: [object, string][] = [
      [{ metric: 'Nope', per_stratum: 5 }, '/body/metric'],
      [{ metric: 'Auth: outcome' }, '/body/per_stratum'],
      [{ metric: 'Auth: outcome', per_stratum: 5, strata: ['verified', 'maybe'] }, '/body/strata/1'],
      [{ metric: 'Auth: outcome', per_stratum: 5, strata: ['failed', { label: 'bad', values: ['failed', 'partial'] }] }, '/body/strata/1'],
      [{ metric: 'CSAT', per_stratum: 5 }, '/body/strata'],
      [{ metric: 'CSAT', per_stratum: 5, strata: [{ max: 3 }, { min: 2 }] }, '/body/strata/1'],
      [{ metric: 'Auth: verified', per_stratum: 5, strata: ['true'] }, '/body/strata/0'],
      [{ metric: 'Auth: outcome', per_stratum: 5, start_time: '2025-01-01T00:00:00Z' }, '/body/start_time'],
      [{ metric: 'Auth: outcome', per_stratum: 5, filters: [{ metric: 'CSAT', op: 'eq', value: 'x' }] }, '/body/filters/0/value'],
      [{ metric: 'Auth: outcome', allocation: 'equal', per_stratum: 5, total: 10 }, '/body/per_stratum'],
      [{ metric: 'Auth: outcome', allocation: 'equal', total: 10, strata: [{ values: ['failed'], n: 3 }] }, '/body/strata/0/n'],
      [{ metric: 'Auth: outcome', strata: [{ values: ['failed'], n: 3 }], include_not_written: true }, '/body/per_stratum'],
      [{ metric: 'CSAT', per_stratum: 1000, strata: [1, 2, 3, 4, 5, 6].map((min) => ({ min, max: min + 1 })) }, '/body/per_stratum'],
    ];
    for (const [body, pointer] of cases) {
      const err = await drawSample(env.deps, project, body as never).catch((e: unknown) => e);
      expect(err, JSON.stringify(body)).toMatchObject({ code: 'validation' });
      expect((err as { errors: { pointer: string }[] }).errors.map((e) => e.pointer), JSON.stringify(body)).toContain(pointer);
    }
  });
});

describe('filters', () => {
  const now = clock.now();
  const day = 86_400_000;
  const conv = (id: string, extra: Partial<FixtureConversation>): FixtureConversation => ({ id, outcome: 'failed', started_at: new Date(now.getTime() - day), ...extra });
  const list: FixtureConversation[] = [
    conv('old', { started_at: new Date(now.getTime() - 40 * day) }),
    conv('sandbox', { environment: 'sandbox' }),
    conv('chat', { channel: 'chat', turns: ['a', 'b', 'c'] }),
    conv('short', { turns: ['a'] }),
    conv('long', { turns: ['a', 'b', 'c', 'd'], score: 5 }),
    conv('silent', {}),
    conv('nometric', { outcome: undefined }),
  ];
  let p: Awaited<ReturnType<typeof seedProject>>;
  const ids = async (body: object) => {
    const s = await drawSample(env.deps, p, { metric: 'Auth: outcome', per_stratum: 50, seed: 1, strata: ['failed'], ...body });
    return s.conversations.map((c) => c.id).sort();
  };

  it('applies the window, environment, channel, transcript, minimum turns and metric conditions', async () => {
    p = await seedProject(env, 'filters', list);
    expect(await ids({})).toEqual(['chat', 'long', 'short', 'silent']);
    expect(await ids({ start_time: new Date(now.getTime() - 60 * day).toISOString() })).toEqual(['chat', 'long', 'old', 'short', 'silent']);
    expect(await ids({ environment: 'sandbox' })).toEqual(['sandbox']);
    expect(await ids({ channel: ['chat'] })).toEqual(['chat']);
    expect(await ids({ transcript: true })).toEqual(['chat', 'long', 'short']);
    expect(await ids({ transcript: false })).toEqual(['silent']);
    expect(await ids({ min_turns: 3 })).toEqual(['chat', 'long']);
    expect(await ids({ filters: [{ metric: 'CSAT', op: 'gte', value: 4 }] })).toEqual(['long']);
    const nw = await drawSample(env.deps, p, { metric: 'Auth: outcome', per_stratum: 5, seed: 1, strata: ['verified'], include_not_written: true });
    expect(nw.frame.map((f) => [f.value, f.population])).toEqual([
      ['verified', 0],
      ['not written', 1],
    ]);
    expect(nw.conversations).toMatchObject([{ id: 'nometric', stratum: 'not written' }]);
  });
});

describe('large strata', () => {
  it('estimates a population above 1,000 from its sample keys, with an interval that holds the truth', async () => {
    const big = await seedProject(env, 'big', manyConversations('b', 3000, clock.now(), ['verified', 'failed']).map((c) => ({ ...c, turns: [] })));
    const s = await drawSample(env.deps, big, { metric: 'Auth: outcome', per_stratum: 30, seed: 5, strata: ['verified', 'failed'] });
    for (const f of s.frame) {
      expect(f.population_exact).toBe(false);
      expect(f.population_ci[0]).toBeLessThanOrEqual(1500);
      expect(f.population_ci[1]).toBeGreaterThanOrEqual(1500);
      expect(f.weight).toBeCloseTo(f.population / 30, 6);
    }
    expect(s.conversations).toHaveLength(60);
    const exact = await drawSample(env.deps, big, { metric: 'Auth: outcome', per_stratum: 30, seed: 5, strata: ['verified', 'failed'], exact_counts: true });
    expect(exact.frame.map((f) => [f.population, f.population_exact])).toEqual([
      [1500, true],
      [1500, true],
    ]);
    // a sample larger than one insert statement is stored in chunks and reads back whole
    const large = await drawSample(env.deps, big, { metric: 'Auth: outcome', allocation: 'proportional', total: 2500, seed: 5, exact_counts: true }, { turns: false });
    expect(large.conversations).toHaveLength(2500);
    const back = await getSample(env.deps, big, large.id, { turns: false });
    expect(back.conversations.map((c) => c.id)).toEqual(large.conversations.map((c) => c.id));
  });
});
