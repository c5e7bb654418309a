import { ask } from '../analyst/ask.js';
import { AskOptionsSchema } from '../analyst/ask-options.js';
import type { Answer, Clarification } from '../analyst/contract.js';
import type { Config } from '../config.js';
import { listSampleMembers } from '../db/samples.js';
import type { LlmClient } from '../llm/types.js';
import type { EvalQuestion, LabelledDataset } from './datasets/types.js';
import { scoreQualitative, scoreQuantitative, type QualitativeScore, type QuantitativeScore } from './score.js';
import { loadStore, type LoadedStore } from './store.js';

export interface QuestionResult {
  dataset: string;
  engine: string;
  question: string;
  kind: EvalQuestion['kind'];
  ms: number;
  error?: string;
  clarification?: string;
  qualitative?: QualitativeScore;
  quantitative?: QuantitativeScore;
  answer?: Answer;
}

/**
 * Loads the data set into a fresh store and asks each standard question through the same
 * dispatcher as the API and `sift ask`: the offline engine when `llm` is null.
 */
export interface EvalEngine {
  name: string;
  llm: LlmClient | null;
  config: Config;
  options?: Record<string, unknown>;
  /** starts what the engine needs for this data set (the msw mock); returns its teardown */
  forDataset?: (ds: LabelledDataset) => () => void;
}

/** One store per data set, every engine asked in turn on the same data. */
export async function runDataset(ds: LabelledDataset, engines: EvalEngine[]): Promise<QuestionResult[]> {
  const store = await loadStore(ds, engines[0]!.config);
  const out: QuestionResult[] = [];
  try {
    for (const engine of engines) {
      const teardown = engine.forDataset?.(ds);
      try {
        out.push(...(await askAll(ds, { ...store, deps: { ...store.deps, llm: engine.llm, config: engine.config } }, engine)));
      } finally {
        teardown?.();
      }
    }
  } finally {
    await store.conn.close();
  }
  return out;
}

async function askAll(ds: LabelledDataset, store: Omit<LoadedStore, 'conn'>, engine: EvalEngine): Promise<QuestionResult[]> {
  const out: QuestionResult[] = [];
  for (const q of ds.questions) {
    const base = { dataset: ds.name, engine: engine.name, question: q.question, kind: q.kind };
    const t0 = performance.now();
    let a: Answer | Clarification;
    try {
      a = await ask(store.deps, store.project, { question: q.question, options: AskOptionsSchema.parse({ seed: 1, ...engine.options }) });
    } catch (e) {
      out.push({ ...base, ms: performance.now() - t0, error: (e as Error).message });
      continue;
    }
    const ms = performance.now() - t0;
    if (a.kind === 'clarification') {
      out.push({ ...base, ms, clarification: a.question });
      continue;
    }
    if (q.kind === 'quantitative') {
      out.push({ ...base, ms, quantitative: scoreQuantitative(ds, q, a), answer: a });
      continue;
    }
    const members = a.sample_id ? await listSampleMembers(store.deps.db, a.sample_id) : [];
    out.push({ ...base, ms, qualitative: scoreQualitative(ds, q, a, new Set(members.map((m) => m.conversation_id))), answer: a });
  }
  return out;
}
