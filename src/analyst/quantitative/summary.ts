import type { MetricRow } from '../../db/metrics.js';
import type { Figure, Plan } from '../contract.js';

export const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const ci = (f: Figure) => (f.ci ? `95% CI ${pct(f.ci[0])} to ${pct(f.ci[1])}` : 'no interval: nothing written');

export function windowText(w: Plan['window']): string {
  const fmt = (s: string) => (s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : `${s.slice(0, 16).replace('T', ' ')} UTC`);
  return `${fmt(w.start)} to ${fmt(w.end)}`;
}

/** A few sentences from the figures, every number taken from them; small denominators flagged. */
export function describeQuantitative(plan: Plan, metric: MetricRow, figures: Figure[], previous: Figure[] | null): { summary: string; caveats: string[] } {
  const caveats: string[] = [];
  const targets = plan.target_values.map(String).join(' or ');
  if (plan.measure === 'trend') {
    const total = figures.reduce((a, f) => a + f.count, 0);
    const written = figures.reduce((a, f) => a + f.denominator, 0);
    const peak = [...figures].sort((a, b) => b.count - a.count)[0];
    const lines = [
      `From ${windowText(plan.window)}, ${total} of ${written} conversations with ${metric.name} written had ${metric.name} = ${targets}, counted exactly per ${plan.interval}.`,
    ];
    if (peak && peak.count > 0) lines.push(`The most in one ${plan.interval}: ${peak.count} of ${peak.denominator} (${pct(peak.rate)}) starting ${peak.bucket}.`);
    const thin = figures.filter((f) => f.denominator > 0 && f.denominator < 20).length;
    if (thin) caveats.push(`${thin} of ${figures.length} ${plan.interval}s have fewer than 20 conversations: their rates are rough (see the intervals).`);
    return { summary: lines.join(' '), caveats };
  }
  const target = figures[0]!;
  const notWritten = figures.find((f) => f.value === 'not written' && !f.label.startsWith('previous'))!;
  const total = notWritten.denominator;
  const lines = [
    `From ${windowText(plan.window)}, ${target.count} conversations had ${metric.name} = ${targets}: ${pct(target.rate)} of the ${target.denominator} where ${metric.name} was written (${ci(target)}).`,
    `${metric.name} was not written on ${notWritten.count} of the ${total} conversations in the window.`,
  ];
  if (previous) {
    const p = previous[0]!;
    const change = target.rate !== null && p.rate !== null ? (target.rate - p.rate) * 100 : null;
    lines.push(
      `In the window before (the same length), ${p.count} of ${p.denominator} (${pct(p.rate)}, ${ci(p)})` +
        (change === null ? '.' : `: ${change >= 0 ? 'up' : 'down'} ${Math.abs(change).toFixed(1)} points${overlap(target, p) ? ', within the overlap of the two intervals' : ', beyond the overlap of the two intervals'}.`),
    );
  }
  if (target.denominator > 0 && target.denominator < 30) caveats.push(`Only ${target.denominator} conversations have ${metric.name} written in this window: the interval is wide.`);
  if (target.denominator === 0) caveats.push(`${metric.name} was never written in this window.`);
  return { summary: lines.join(' '), caveats };
}

function overlap(a: Figure, b: Figure): boolean {
  if (!a.ci || !b.ci) return true;
  return a.ci[0] <= b.ci[1] && b.ci[0] <= a.ci[1];
}
