import type { z } from 'zod';

// The LLM client's contract; src/llm is the only place that imports `openai`.

/** Why a call failed; `retryable` kinds were already retried by the client before surfacing. */
export type LlmErrorKind =
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'malformed'
  | 'truncated'
  | 'refusal'
  | 'auth'
  | 'bad_request'
  | 'budget';

export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmUsage {
  prompt: number;
  completion: number;
}

/**
 * Counts every HTTP call and token of one question, and refuses a call that would go past
 * the question's budget (the client throws LlmError('budget') before sending it).
 */
export interface LlmMeter {
  reserve(estimatedPromptTokens: number): void;
  record(usage: LlmUsage): void;
}

export interface StructuredRequest<T> {
  /** a short name for the schema and the logs, e.g. `facets` */
  name: string;
  messages: LlmMessage[];
  schema: z.ZodType<T>;
  maxTokens?: number;
  meter?: LlmMeter;
}

export interface StructuredResult<T> {
  data: T;
  usage: LlmUsage;
  /** HTTP calls made, retries and the repair attempt included */
  calls: number;
  /** true when the first reply was malformed and the repair attempt succeeded */
  repaired: boolean;
}

/** One HTTP call as seen by tracing (the benchmark computes the critical path from these). */
export interface LlmCallTrace {
  name: string;
  startedAt: number;
  endedAt: number;
  ok: boolean;
}

export interface LlmClient {
  readonly model: string;
  /** Sends the messages, asks for JSON matching `schema`, and returns it parsed and validated. */
  structured<T>(req: StructuredRequest<T>): Promise<StructuredResult<T>>;
  /** Tokens in a text, counted with the model family's tokenizer. */
  countTokens(text: string): number;
}
