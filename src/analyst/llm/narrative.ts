import type { FrameEntry, Plan, Theme } from '../contract.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The summary is written from the counted numbers, not by the model: every figure in it is one
 * of the table's, so the prose cannot drift from the evidence.
 */
export function narrate(plan: Plan, frame: FrameEntry[], themes: Theme[], readF: number, readS: number): string {
  const failures = frame.find((f) => f.value === 'failures');
  const target = `${plan.metric} = ${plan.target_values.map(String).join(' or ')}`;
  const head = `Read ${readF} failed conversations (${target}; ${failures?.population ?? 0} in the window) and ${readS} successful ones for contrast.`;
  const distinctive = themes.filter((t) => t.distinctive);
  if (themes.length === 0) return `${head} No recurring reason could be identified.`;
  if (distinctive.length === 0) return `${head} None of the ${themes.length} candidate reasons was clearly more common among failures than among successes, so none is reported as a cause.`;
  const lines = distinctive.slice(0, 4).map((t) => {
    const lift = t.lift === null ? 'absent among successes' : `${t.lift}x as common as among successes`;
    return `${t.title}: ${pct(t.failures.share)} of failures (95% CI ${pct(t.failures.ci[0])}-${pct(t.failures.ci[1])}), ${lift}; about ${t.estimated_population.value} failed conversations in the window.`;
  });
  const rest = themes.length - distinctive.length;
  const tail = rest > 0 ? ` ${rest} other candidate reason${rest > 1 ? 's were' : ' was'} about as common among successes: not distinctive.` : '';
  return `${head} The main distinctive reasons: ${lines.join(' ')}${tail}`;
}
