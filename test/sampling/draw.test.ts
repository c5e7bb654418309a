import { describe, expect, it } from 'vitest';
import { drawSample, getSample } from '../../src/sampling/draw.js';
import { fixedClock, testEnv } from '../support/deps.js';
import { manyConversations, seedProject } from './fixture.js';

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
    expect(s.frame).toEqual([
      { value: 'failures', population: 200, sampled: 20, inclusion_probability: 0.1, weight: 10 },
      { value: 'successes', population: 200, sampled: 20, inclusion_probability: 0.1, weight: 10 },
    ]);
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
});
