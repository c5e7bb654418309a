import type { LlmUsage } from './types.js';

// USD per million tokens (input, output), from the providers' public price lists. A model not
// listed is priced at the fallback and the answer says the cost is a rough estimate.
const PRICES: [RegExp, number, number][] = [
  [/^gpt-4o-mini/, 0.15, 0.6],
  [/^gpt-4o/, 2.5, 10],
  [/^gpt-4\.1-nano/, 0.1, 0.4],
  [/^gpt-4\.1-mini/, 0.4, 1.6],
  [/^gpt-4\.1/, 2, 8],
  [/^gpt-5-nano/, 0.05, 0.4],
  [/^gpt-5-mini/, 0.25, 2],
  [/^gpt-5/, 1.25, 10],
];
const FALLBACK: [number, number] = [1, 4];

export function isPriced(model: string): boolean {
  return PRICES.some(([re]) => re.test(model));
}

export function estimateCost(model: string, usage: LlmUsage): number {
  const hit = PRICES.find(([re]) => re.test(model));
  const [input, output] = hit ? [hit[1], hit[2]] : FALLBACK;
  return Math.round(((usage.prompt * input + usage.completion * output) / 1e6) * 1e6) / 1e6;
}
