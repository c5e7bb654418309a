import { describe, expect, it } from 'vitest';
import { planMetrics } from '../../src/conversations/import/infer.js';
import { parseRecord } from '../../src/conversations/import/records.js';

describe('--create-metrics inference', () => {
  it('infers boolean, numeric and categorical, refuses mixed types and lone labels, extends categories', () => {
    const seen = new Map<string, Set<boolean | string | number>>([
      ['B', new Set([true, false])],
      ['N', new Set([1, 2.5])],
      ['C', new Set(['b', 'a'])],
      ['Mixed', new Set([true, 'yes'])],
      ['Lone', new Set(['only'])],
      ['Existing', new Set(['x', 'new'])],
    ]);
    const plans = planMetrics(seen, [{ name: 'Existing', type: 'categorical', categories: ['x', 'y'], archived_at: null }]);
    expect(plans).toEqual([
      { action: 'create', name: 'B', type: 'boolean' },
      { action: 'create', name: 'C', type: 'categorical', categories: ['a', 'b'] },
      { action: 'add_categories', name: 'Existing', categories: ['x', 'y', 'new'] },
      { action: 'refuse', name: 'Lone', reason: expect.stringContaining('1 distinct label') },
      { action: 'refuse', name: 'Mixed', reason: expect.stringContaining('several types') },
      { action: 'create', name: 'N', type: 'numeric' },
    ]);
  });

  it('never imports ground truth, and skips built-in metrics', () => {
    const p = parseRecord({ id: 'a', started_at: '2026-01-01T00:00:00Z', truth: { failure_reasons: ['x'] }, domain: 'Hotels', metrics: { CALL_COMPLETED: true, M: [1, 2] } });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(JSON.stringify(p.record.conversation)).not.toContain('failure_reasons');
    expect(p.record.conversation.metadata).toEqual({ domain: 'Hotels' });
    expect([...p.record.metrics]).toEqual([['M', [1, 2]]]);
    expect(parseRecord({ id: 'b', started_at: '2026-01-01T00:00:00Z', metrics: { M: { nested: 1 } } })).toMatchObject({ ok: false, reason: expect.stringContaining('"M"') });
  });
});
