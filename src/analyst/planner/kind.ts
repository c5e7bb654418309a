import type { Plan } from '../contract.js';

export interface KindCue {
  kind: Plan['kind'];
  measure?: Plan['measure'];
  interval?: Plan['interval'];
}

const QUALITATIVE = /\b(why|what (?:patterns?|went wrong|goes wrong|is going wrong|causes?|reasons?)|reasons?|causes?|examples?|explain|what happens|how come|themes?)\b/;
const TREND = /\b(trends?|over time|per (hour|day|week)|by (hour|day|week)|daily|weekly|hourly|each (day|week|hour))\b/;
const RATE = /\b(rate|share|percentage|percent|proportion|fraction|how often|what (?:part|portion))\b|%/;
const COUNT = /\b(how many|number of|count|total)\b/;
const COMPARE = /\b(compare|compared|versus|vs\.?|than (?:the )?(?:previous|last|prior))\b/;

/** The kind a question asks for, or null when it carries no cue (a follow-up keeps the last kind). */
export function readKind(question: string): KindCue | null {
  const q = question.toLowerCase();
  if (TREND.test(q)) {
    const per = q.match(/\b(?:per|by|each) (hour|day|week)\b/)?.[1];
    const ly = ({ hourly: 'hour', daily: 'day', weekly: 'week' } as const)[q.match(/\b(hourly|daily|weekly)\b/)?.[1] as 'daily'];
    const interval = (per ?? ly) as Plan['interval'] | undefined;
    return { kind: 'quantitative', measure: 'trend', ...(interval ? { interval } : {}) };
  }
  if (COMPARE.test(q)) return { kind: 'quantitative', measure: 'comparison' };
  if (COUNT.test(q)) return { kind: 'quantitative', measure: 'count' };
  if (RATE.test(q)) return { kind: 'quantitative', measure: 'rate' };
  if (QUALITATIVE.test(q)) return { kind: 'qualitative' };
  return null;
}
