import { describe, expect, it } from 'vitest';
import type { Answer, Theme } from '../../src/analyst/contract.js';
import type { LabelledDataset } from '../../src/eval/datasets/types.js';
import { mapTheme, scoreQualitative } from '../../src/eval/score.js';

const theme = (ids: string[], share: number, examples: Theme['examples'] = []): Theme => ({
  title: 't',
  criterion: 'c',
  failures: { count: ids.length, share, ci: [0, 1] },
  successes: { count: 0, share: 0, ci: [0, 1] },
  lift: null,
  estimated_population: { value: ids.length, ci: [0, 1] },
  distinctive: true,
  examples,
  conversation_ids: ids,
});

const truth: Record<string, string[]> = { a: ['slot'], b: ['slot'], c: ['card'], d: ['card'], e: ['slot', 'card'], f: [] };
const truthOf = (id: string) => truth[id] ?? [];

describe('mapping a theme to a true reason', () => {
  it('needs a strict majority of the theme\'s conversations to share the reason', () => {
    expect(mapTheme(theme(['a', 'b', 'c'], 0.5), truthOf)).toMatchObject({ code: 'slot', purity: 2 / 3 });
    expect(mapTheme(theme(['a', 'c'], 0.5), truthOf).code).toBeNull();
    expect(mapTheme(theme(['a', 'c', 'e', 'f'], 0.5), truthOf).code).toBeNull();
  });

  it('falls back to the example conversations when an engine lists none', () => {
    const t = { ...theme([], 0.2, [{ conversation_id: 'c', turn: 1, quote: 'q', url: '' }, { conversation_id: 'd', turn: 2, quote: 'q', url: '' }]) };
    expect(mapTheme(t, truthOf).code).toBe('card');
  });
});

describe('scoring a why-answer', () => {
  const ds = {
    name: 'tiny',
    now: new Date('2026-01-10T00:00:00Z'),
    labels: {},
    questions: [],
    truth: (id: string) => truthOf(id),
    data: {
      metrics: [],
      causes: [],
      conversations: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
        id,
        started_at: '2026-01-05T10:00:00.000Z',
        ended_at: '2026-01-05T10:05:00.000Z',
        channel: 'voice' as const,
        environment: 'live' as const,
        handoff: null,
        turns: [{ role: 'agent' as const, text: `Sorry, conversation ${id} failed.`, at: '2026-01-05T10:00:00.000Z' }],
        metrics: { 'X: ok': false },
        writes: [],
        metadata: { agent_version: '1', line: 'x' },
        truth: { intent: 'booking' as const, failure_reasons: [] },
      })),
    },
  } as LabelledDataset;
  const q = { question: 'why?', kind: 'qualitative' as const, metric: 'X: ok', failure: false, required: { codes: ['slot', 'card'], topK: 1, maxShareError: 0.15 } };
  const answer = (themes: Theme[]) =>
    ({ plan: { metric: 'X: ok', target_values: [false], window: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-10T00:00:00.000Z' } }, themes }) as unknown as Answer;

  it('finds a reason only within the top K and measures the share against the truth share', () => {
    const s = scoreQualitative(ds, q, answer([theme(['a', 'b', 'e'], 0.5), theme(['c', 'd'], 0.33)]), new Set(['a', 'b', 'c', 'd', 'e', 'f']));
    expect(s.reasons[0]).toMatchObject({ code: 'slot', found_rank: 1, truth_share: 0.5, share_error: 0 });
    expect(s.reasons[1]).toMatchObject({ code: 'card', found_rank: 2 });
    expect(s.recall).toBe(0.5);
    expect(s.pass).toBe(false);
  });

  it('counts a quote as valid only when it is in the cited turn of a sampled conversation', () => {
    const ex = (id: string, quote: string) => ({ conversation_id: id, turn: 0, quote, url: '' });
    const s = scoreQualitative(ds, q, answer([theme(['a', 'b', 'e'], 0.5, [ex('a', 'conversation a failed'), ex('b', 'not said'), ex('zz', 'Sorry')])]), new Set(['a', 'b', 'e']));
    expect(s.citations).toEqual({ valid: 1, total: 3 });
  });
});
