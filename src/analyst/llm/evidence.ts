import { redact, type PiiKind } from '../redact/pii.js';
import type { ContrastStats } from '../statistical/contrast.js';
import { neutralise } from './transcript.js';

/**
 * The offline engine's contrast statistics as prompt text for the theme proposer. Phrases come
 * from raw transcripts, so they are redacted like transcripts before they leave.
 */
export function formatEvidence(stats: ContrastStats, kinds: readonly PiiKind[], top = 20): string {
  const lines = stats.distinctive.slice(0, top).map((f) => {
    const phrase = neutralise(redact(f.feature, kinds).text);
    return `- ${JSON.stringify(phrase)}: in ${f.failures} of ${stats.failures} failures vs ${f.successes} of ${stats.successes} successes (z ${f.z.toFixed(1)})`;
  });
  return [...lines, `Median turns: failures ${stats.median_turns.failures}, successes ${stats.median_turns.successes}.`].join('\n');
}
