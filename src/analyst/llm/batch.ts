import { RunnableLambda } from '@langchain/core/runnables';

/**
 * Runs `fn` over the inputs as a runnable batch with at most `maxConcurrency` in flight; each
 * result is the value or the error it threw, in input order.
 */
export async function runBatch<I, O>(inputs: I[], maxConcurrency: number, fn: (input: I) => Promise<O>): Promise<(O | Error)[]> {
  if (inputs.length === 0) return [];
  const runnable = RunnableLambda.from(fn);
  return runnable.batch(inputs, { maxConcurrency }, { returnExceptions: true });
}

/**
 * Splits items into as few batches as keep every call in flight at once (`parts`, the
 * concurrency), more only when a batch would pass `maxTokens`: one round of calls, not several.
 */
export function planBatches<T extends { tokens: number }>(items: T[], parts: number, maxTokens: number): T[][] {
  if (items.length === 0) return [];
  const total = items.reduce((a, i) => a + i.tokens, 0);
  const k = Math.min(items.length, Math.max(1, parts, Math.ceil(total / maxTokens)));
  const size = Math.ceil(items.length / k);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
