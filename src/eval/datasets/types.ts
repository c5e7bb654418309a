import type { DemoData } from '../../demo/generate.js';

/** A standard question and what the harness checks it against. */
export interface EvalQuestion {
  question: string;
  kind: 'qualitative' | 'quantitative';
  /** the metric and failure value the truth refers to; the engine must plan its own */
  metric: string;
  failure: boolean | string;
  /** reasons the targets require: found among the top `topK` themes, share within `maxShareError` */
  required?: { codes: string[]; topK: number; maxShareError: number | null };
}

/** A data set with the truth behind every failure, loaded into a fresh store for each run. */
export interface LabelledDataset {
  name: string;
  /** in the shape the demo loader writes through the real write path */
  data: DemoData;
  /** the clock for planning: relative windows ("last week") are read against it */
  now: Date;
  /** true reason codes of one conversation for one metric; never shown to an engine */
  truth: (conversationId: string, metric: string) => string[];
  questions: EvalQuestion[];
  /** reason codes with a readable label */
  labels: Record<string, string>;
}
