import { describe, expect, it } from 'vitest';
import { contrast } from '../../../src/analyst/statistical/contrast.js';
import { coverThemes } from '../../../src/analyst/statistical/covering.js';
import type { ReadConversation } from '../../../src/analyst/statistical/features.js';
import { toolEvents } from '../../../src/analyst/statistical/features.js';
import { ngrams } from '../../../src/analyst/statistical/text.js';

type T = [ReadConversation['turns'][number]['role'], string, string?];
const conv = (id: string, group: ReadConversation['group'], turns: T[]): ReadConversation => ({
  id,
  group,
  turns: turns.map(([role, text, name], idx) => ({ idx, role, text, at: null, name: name ?? null })),
  handoff_to: null,
  handoff_reason: null,
});

const opening: T[] = [['agent', 'Hello, how can I help?'], ['user', 'I want to check my bill.'], ['agent', 'Can I have your date of birth and postcode?'], ['user', 'Sure.']];
const data: ReadConversation[] = [
  ...Array.from({ length: 12 }, (_, i) => conv(`dob-${i}`, 'failures', [...opening, ['function', '{"status":"failed","mismatch":["date_of_birth"]}', 'verify_identity'], ['agent', 'Sorry, I cannot verify you today.'], ['user', 'Oh well.']])),
  ...Array.from({ length: 8 }, (_, i) => conv(`pc-${i}`, 'failures', [...opening, ['function', '{"status":"failed","mismatch":["postcode"]}', 'verify_identity'], ['agent', 'Sorry, I cannot verify you today.'], ['user', 'Oh well.']])),
  ...Array.from({ length: 20 }, (_, i) => conv(`ok-${i}`, 'successes', [...opening, ['function', '{"status":"verified"}', 'verify_identity'], ['agent', 'Thanks, you are verified.'], ['user', 'Great.']])),
];

describe('themes by sequential covering', () => {
  it('splits a generic failure event into the distinct causes under it, largest first', () => {
    const themes = coverThemes(contrast(data));
    expect(themes.map((t) => t.features[0])).toEqual(['tool: verify_identity mismatch=date_of_birth', 'tool: verify_identity mismatch=postcode']);
    expect(themes[0]!.failures.size).toBe(12);
    expect(themes[1]!.failures.size).toBe(8);
    expect(themes.every((t) => t.successes.size === 0)).toBe(true);
  });

  it('never makes a theme of the apology that announces the failure', () => {
    const themes = coverThemes(contrast(data));
    expect(themes.flatMap((t) => t.features).some((f) => /sorry|cannot/.test(f))).toBe(false);
  });

  it('finds nothing where failures and successes read the same', () => {
    const same = [...Array.from({ length: 15 }, (_, i) => conv(`f-${i}`, 'failures', opening)), ...Array.from({ length: 15 }, (_, i) => conv(`s-${i}`, 'successes', opening))];
    expect(coverThemes(contrast(same))).toEqual([]);
  });
});

describe('reading turns', () => {
  it('reads a JSON function payload as named fields, leaving numbers out', () => {
    expect(toolEvents({ idx: 0, role: 'function', name: 'take_payment', at: null, text: '{"status":"declined","amount":20,"codes":["card_expired"]}' })).toEqual([
      'take_payment',
      'take_payment status=declined',
      'take_payment codes=card_expired',
    ]);
  });

  it('reads times, dates and numbers as placeholders so one phrase covers them all', () => {
    expect(ngrams('How about March 3rd at 11:45 am?').has('_date_ at _time_')).toBe(true);
    expect(ngrams('How about June 9th at 3 pm?').has('_date_ at _time_')).toBe(true);
    expect(ngrams('It is the a of').size).toBe(0);
  });
});
