import type { MetricRow } from '../../db/metrics.js';
import { namedCategories } from './values.js';
import { expand, FAILURE, OUTCOME_NAME, STOP, SUCCESS, words } from './words.js';

export interface MetricCandidate {
  metric: MetricRow;
  /** 2 per metric-name word the question names, 1 per category word */
  score: number;
  /** 0: a yes/no outcome ("Booking: completed"); 1: a categorical outcome; 2: anything else */
  tier: number;
  matched: string[];
}

/** The words of a metric's name, minus filler; "Booking: first attempt failed" -> book first attempt fail. */
export function nameWords(name: string): string[] {
  return words(name).filter((w) => !STOP.has(w) || FAILURE.has(w));
}

function names(questionWord: string, nameWord: string): boolean {
  return expand(questionWord).includes(nameWord) || expand(nameWord).includes(questionWord);
}

/**
 * The subject words of the question (not polarity, not filler) against each metric's name and
 * categories. Polarity words ("failing", "completed") never pick a metric: they pick its values.
 */
export function rankMetrics(question: string, metrics: MetricRow[]): MetricCandidate[] {
  const subject = words(question).filter((w) => !STOP.has(w) && !FAILURE.has(w) && !SUCCESS.has(w));
  const polarity = words(question).filter((w) => SUCCESS.has(w));
  const out: MetricCandidate[] = [];
  const allNameWords = new Set(metrics.flatMap((m) => nameWords(m.name)));
  for (const metric of metrics) {
    if (metric.archived_at || metric.type === 'numeric') continue;
    const nw = nameWords(metric.name);
    const matched = new Set<string>();
    let score = 0;
    for (const w of nw) {
      // a success word in the question may name the metric itself ("why is verification failing")
      if (subject.some((q) => names(q, w)) || (SUCCESS.has(w) && polarity.some((q) => names(q, w)) && !FAILURE.has(w))) {
        if (!matched.has(w)) score += 2;
        matched.add(w);
      }
    }
    const catWords = new Set((metric.categories ?? []).flatMap((c) => words(c)).filter((w) => !STOP.has(w) && !FAILURE.has(w) && !SUCCESS.has(w)));
    for (const w of catWords) {
      if (!matched.has(w) && subject.some((q) => names(q, w))) {
        score += 1;
        matched.add(w);
      }
    }
    // a whole category named with a word no metric name has ("partially completed") names its
    // metric; "booking failed" says no more than "Booking: completed" does
    for (const c of namedCategories(question, metric)) {
      if (words(c).some((w) => !FAILURE.has(w) && !SUCCESS.has(w) && !allNameWords.has(w))) {
        score += 3;
        matched.add(c);
      }
    }
    out.push({ metric, score, tier: tierOf(metric), matched: [...matched] });
  }
  return out.sort((a, b) => b.score - a.score || a.tier - b.tier || a.metric.name.localeCompare(b.metric.name));
}

/** How directly a metric records success or failure of its subject. */
export function tierOf(metric: MetricRow): number {
  const attr = nameWords(metric.name.includes(':') ? metric.name.slice(metric.name.indexOf(':') + 1) : metric.name);
  const outcome = attr.some((w) => OUTCOME_NAME.has(w));
  if (metric.type === 'boolean' && outcome && attr.length <= 2) return 0;
  if (metric.type === 'categorical' && outcome) return 1;
  return 2;
}

/**
 * The metric a question is about: the best score, then the best tier. Null with the candidates
 * when nothing is named or two metrics tie on both.
 */
export function pickMetric(question: string, metrics: MetricRow[]): { pick: MetricCandidate | null; candidates: MetricCandidate[] } {
  const ranked = rankMetrics(question, metrics);
  const best = ranked[0];
  if (!best || best.score === 0) {
    const outcomes = ranked.filter((c) => c.tier < 2);
    return { pick: null, candidates: outcomes.length ? outcomes : ranked };
  }
  const tied = ranked.filter((c) => c.score === best.score && c.tier === best.tier);
  if (tied.length > 1) return { pick: null, candidates: tied };
  return { pick: best, candidates: ranked.filter((c) => c.score > 0) };
}
