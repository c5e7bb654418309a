import { mkdirSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { createLlm } from '../llm/client.js';
import { demoDataset } from './datasets/demo.js';
import { sgdDataset } from './datasets/sgd.js';
import type { LabelledDataset } from './datasets/types.js';
import { passed, table } from './report.js';
import { runDataset, type EvalEngine, type QuestionResult } from './run.js';

/**
 * `npm run eval [-- --ci] [--dataset NAME] [--out FILE]`: scores every engine on the labelled
 * data sets, prints a table and writes JSON. With --ci it also runs the LLM pipeline against the
 * msw mock, and exits non-zero when the offline engine misses its targets.
 */
async function main() {
  const args = process.argv.slice(2);
  const ci = args.includes('--ci');
  const only = args[args.indexOf('--dataset') + 1];
  const outArg = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
  const config = loadConfig({ ...process.env, SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false', SIFT_SCHEDULER: 'false' });
  const offlineConfig = loadConfig({ SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false', SIFT_SCHEDULER: 'false' });

  let datasets: LabelledDataset[] = [sgdDataset(), demoDataset()];
  if (args.includes('--dataset')) datasets = datasets.filter((d) => d.name === only);

  const engines: EvalEngine[] = [{ name: 'statistical', llm: null, config: offlineConfig }];
  const live = createLlm(config);
  if (live) {
    // a configured LLM is scored as it is, and with the offline contrast handed to it as evidence
    engines.push({ name: `llm (${live.model})`, llm: live, config }, { name: `llm (${live.model}) + evidence`, llm: live, config, options: { evidence: true } });
  } else if (ci || args.includes('--mock-llm')) {
    const { mockedLlmEngines } = await import('./mock-llm.js');
    engines.push(...mockedLlmEngines());
  }

  const results: QuestionResult[] = [];
  for (const ds of datasets) results.push(...(await runDataset(ds, engines)));

  const labels = Object.assign({}, ...datasets.map((d) => d.labels)) as Record<string, string>;
  process.stdout.write(`${table(results, labels)}\n`);
  const out = outArg ?? `eval-results/eval-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  mkdirSync(out.slice(0, Math.max(0, out.lastIndexOf('/'))) || '.', { recursive: true });
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), results: results.map(({ answer, ...r }) => ({ ...r, answer_summary: answer?.summary, themes: answer?.themes })) }, null, 2));
  process.stdout.write(`\nwrote ${out}\n`);

  const offline = results.filter((r) => r.engine === 'statistical');
  const failed = offline.filter((r) => !passed(r));
  if (failed.length) {
    process.stdout.write(`\noffline engine below target on: ${failed.map((r) => `${r.dataset}: "${r.question}"`).join(', ')}\n`);
    if (ci) process.exit(1);
  } else process.stdout.write('\noffline engine: every target met\n');
}

main().catch((e) => {
  process.stderr.write(`eval failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
