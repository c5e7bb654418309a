import type { MetricRow } from '../../db/metrics.js';
import { FAILURE, NEGATIVE_NAME, SUCCESS, words } from './words.js';

export type Polarity = 'failure' | 'success';
export type Value = boolean | string;

/** Category words that mean the bad outcome; "not"/"no" count only before a success word. */
const BAD_CATEGORY = new Set(['fail', 'error', 'abandon', 'drop', 'refuse', 'reject', 'deny', 'denied', 'timeout', 'unverify', 'lost', 'incomplete', 'cancel', 'cancell', 'unresolve', 'unavailable'].map((w) => words(w)[0]!));

/** Is this category the bad outcome, the good one, or neither ("partial", "not requested")? */
export function categoryPolarity(category: string): Polarity | null {
  const ws = words(category);
  if (ws.some((w) => BAD_CATEGORY.has(w))) return 'failure';
  for (let i = 0; i + 1 < ws.length; i++) if ((ws[i] === 'not' || ws[i] === 'no') && SUCCESS.has(ws[i + 1]!)) return 'failure';
  if (ws.some((w) => w.startsWith('partial'))) return null;
  if (ws.some((w) => SUCCESS.has(w))) return 'success';
  return null;
}

/** Which way the question points: at failures unless it names only success. */
export function questionPolarity(question: string): Polarity {
  const ws = words(question);
  if (ws.some((w) => FAILURE.has(w))) return 'failure';
  if (ws.some((w) => SUCCESS.has(w))) return 'success';
  return 'failure';
}

/** Categories the question names outright, whole phrase: "why are bookings partially completed". */
export function namedCategories(question: string, metric: MetricRow): string[] {
  const q = ` ${words(question).join(' ')} `;
  const named = (metric.categories ?? []).filter((c) => q.includes(` ${words(c).join(' ')} `));
  // "partially completed" names that category, not also "completed"
  const phrase = (c: string) => ` ${words(c).join(' ')} `;
  return named.filter((c) => !named.some((o) => o !== c && phrase(o).includes(phrase(c))));
}

export type ValuesResult = { target: Value[]; contrast: Value[] } | { error: string };

/** Target (the values under study) and contrast values for a metric and a question. */
export function pickValues(metric: MetricRow, question: string, polarity: Polarity): ValuesResult {
  if (metric.type === 'boolean') {
    // "Booking: first attempt failed" records the bad event as true; "Booking: completed" as false
    const negativeName = words(metric.name.slice(metric.name.indexOf(':') + 1)).some((w) => NEGATIVE_NAME.has(w));
    const bad = negativeName;
    const target = polarity === 'failure' ? bad : !bad;
    return { target: [target], contrast: [!target] };
  }
  if (metric.type === 'categorical') {
    const cats = metric.categories ?? [];
    const named = namedCategories(question, metric);
    const bad = cats.filter((c) => categoryPolarity(c) === 'failure');
    const good = cats.filter((c) => categoryPolarity(c) === 'success');
    if (named.length) {
      const contrast = (good.some((c) => !named.includes(c)) ? good : cats).filter((c) => !named.includes(c));
      return { target: named, contrast };
    }
    const target = polarity === 'failure' ? bad : good;
    const contrast = polarity === 'failure' ? good : bad;
    if (!target.length) return { error: `no category of ${metric.name} reads as ${polarity}; name one of: ${cats.join(', ')}` };
    return { target, contrast: contrast.length ? contrast : cats.filter((c) => !target.includes(c)) };
  }
  return { error: `${metric.name} is numeric; ask about a yes/no or categorical metric` };
}
