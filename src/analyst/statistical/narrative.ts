import type { FrameEntry, Plan, Theme } from '../contract.js';
import { pct, windowText } from '../quantitative/summary.js';

export const LLM_HOWTO =
  'To have an LLM read the transcripts and describe the reasons in its own words, set OPENAI_API_KEY (and OPENAI_BASE_URL for any OpenAI-compatible server) and SIFT_LLM_MODEL, then ask again.';

export interface NarrativeInput {
  plan: Plan;
  frame: FrameEntry[];
  themes: Theme[];
  read: { failures: number; successes: number };
  explained: number;
  medianTurns: { failures: number; successes: number };
}

const ci = (c: [number, number]) => `${pct(c[0])} to ${pct(c[1])}`;

/** The answer's text, every number taken from the computed figures. */
export function narrative(n: NarrativeInput): string {
  const targets = n.plan.target_values.map(String).join(' or ');
  const contrasts = n.plan.contrast_values.map(String).join(' or ');
  const pop = (g: string) => n.frame.find((f) => f.value === g)?.population ?? 0;
  const lines: string[] = [
    `No LLM was used: this answer comes from Sift's statistical engine. It compared ${n.read.failures} conversations with ${n.plan.metric} = ${targets} (of ${pop('failures')} in ${windowText(n.plan.window)}) against ${n.read.successes} with ${n.plan.metric} = ${contrasts} (of ${pop('successes')}), looking for what separates them: phrases of callers and of the agent (log-odds with an informative Dirichlet prior), the turn where the agent first reports a problem and the caller's reply, how calls end, function events and handoff reasons.`,
  ];
  if (!n.themes.length) {
    lines.push('No phrase or event separated the failures from the successes clearly enough to report as a reason.');
  } else {
    lines.push(`It found ${n.themes.length} theme${n.themes.length > 1 ? 's' : ''}, each chosen among the failures the earlier ones did not explain:`);
    n.themes.forEach((t, i) => {
      const lift = t.lift === null ? 'never seen in successes' : `lift ${t.lift.toFixed(1)}`;
      lines.push(
        `${i + 1}. ${t.title}: ${t.failures.count} of ${n.read.failures} failures (${pct(t.failures.share)}, 95% CI ${ci(t.failures.ci)}) against ${t.successes.count} of ${n.read.successes} successes (${pct(t.successes.share)}); ${lift}; about ${t.estimated_population.value} of the ${pop('failures')} failures in the window${t.distinctive ? '' : '; not distinctive, so not a cause'}.`,
      );
    });
    lines.push(`Together the themes cover ${n.explained} of the ${n.read.failures} failures read.`);
  }
  lines.push(`Failures ran a median of ${n.medianTurns.failures} turns, successes ${n.medianTurns.successes}.`);
  lines.push(LLM_HOWTO);
  return lines.join('\n');
}
