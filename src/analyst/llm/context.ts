import type { ProjectRow } from '../../db/projects.js';
import type { Deps } from '../../deps.js';
import type { LlmClient } from '../../llm/types.js';
import type { EmitEvent, Plan } from '../contract.js';
import type { QuestionMeter } from './meter.js';

/** What every stage of one LLM-engine run shares, including its running diagnostics. */
export interface EngineContext {
  deps: Deps;
  llm: LlmClient;
  project: ProjectRow;
  question: string;
  plan: Plan;
  meter: QuestionMeter;
  concurrency: number;
  emit: EmitEvent;
  /** conversation id -> why it was not read */
  unread: Map<string, string>;
  dropped: { quotes: number; ids: number; leaks: number };
}

export function newDiagnostics() {
  return { unread: new Map<string, string>(), dropped: { quotes: 0, ids: 0, leaks: 0 } };
}
