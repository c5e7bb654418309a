import type { Answer, Clarification, Plan } from '../contract.js';

/** One earlier exchange of a thread, oldest first. */
export interface Exchange {
  question: string;
  plan: Plan | null;
  answer: Answer | Clarification | null;
}

const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, last: -1, top: 1 };

/** "show me examples of the second one", "quotes for #3": the 1-based theme asked about, or null. */
export function examplesRequest(question: string): number | null {
  const q = question.toLowerCase();
  if (!/\b(examples?|quotes?|show me|instances?|calls? (?:for|of|behind))\b/.test(q)) return null;
  // an ordinal only counts when it names a reason ("the second one", "the last reason"), so
  // "examples of failed bookings last week" stays a new question
  const word = /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|last|top)\s+(?:one|theme|reason|cause|issue)\b/.exec(q)?.[1];
  if (word) return ORDINALS[word]!;
  const num = /(?:#|\b(?:theme|reason|cause|number|no\.?)\s*)(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)\s+(?:one|theme|reason|cause|issue)\b/.exec(q);
  return num ? Number(num[1] ?? num[2]) : null;
}

export function lastThemed(history: Exchange[]): Answer | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const a = history[i]!.answer;
    if (a && a.kind === 'qualitative' && a.themes?.length) return a;
  }
  return null;
}

/** The answer to "examples of the n-th": that theme of the last answer, with its verified quotes. */
export function examplesAnswer(question: string, last: Answer, n: number): Answer | Clarification {
  const themes = last.themes ?? [];
  const index = n === -1 ? themes.length : n;
  const theme = themes[index - 1];
  if (!theme) {
    return {
      kind: 'clarification',
      question: `The last answer listed ${themes.length} reason${themes.length === 1 ? '' : 's'}; which one do you mean?`,
      candidates: themes.map((t, i) => ({ metric: last.plan.metric, reason: `${i + 1}: ${t.title}` })),
    };
  }
  const list = theme.examples.map((e) => `conversation ${e.conversation_id}, turn ${e.turn}: "${e.quote}"`).join('; ');
  return {
    ...last,
    question,
    summary: theme.examples.length
      ? `Examples of reason ${index}, "${theme.title}" (from sample ${last.sample_id ?? 'of the last answer'}): ${list}.`
      : `Reason ${index}, "${theme.title}", has no verified example quotes.`,
    themes: [theme],
    caveats: [`Follow-up on the previous answer: no new sample was drawn.`],
    diagnostics: { ...last.diagnostics, unread_conversations: [], dropped_quotes: 0, dropped_ids: 0, tokens: { prompt: 0, completion: 0 }, calls: 0, estimated_cost_usd: 0, budget_exhausted: false, duration_ms: 0 },
  };
}

/** The thread so far, as the planner reads it. */
export function historyText(history: Exchange[]): string {
  return history
    .slice(-6)
    .map((h, i) => {
      const p = h.plan;
      const plan = p ? ` -> ${p.kind} plan: ${p.metric} in [${p.target_values.join(', ')}] vs [${p.contrast_values.join(', ')}], ${p.window.start} to ${p.window.end}` : '';
      const a = h.answer && h.answer.kind !== 'clarification' && h.answer.themes?.length ? `; reasons: ${h.answer.themes.map((t, j) => `${j + 1}. ${t.title}`).join(' ')}` : '';
      return `${i + 1}. "${h.question}"${plan}${a}`;
    })
    .join('\n');
}
