import type { Problem, ProblemField } from './types.js';

/** A problem+json answer from Sift (or a failure to reach it, with status 0). */
export class SiftError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, message: string) {
    super(message);
    this.name = 'SiftError';
    this.status = status;
    this.problem = problem;
  }
  /** Field-level problems with JSON pointers, e.g. `/body/writes/3/value`. */
  get errors(): ProblemField[] {
    return this.problem?.errors ?? [];
  }
  get requestId(): string | undefined {
    return this.problem?.request_id;
  }
  /** Worth retrying: the network failed, the server was busy, or a same-key request is in flight. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

export async function errorFrom(res: Response): Promise<SiftError> {
  const text = await res.text();
  let problem: Problem | null = null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && 'status' in parsed) problem = parsed as Problem;
  } catch {
    // not JSON: the raw text goes into the message
  }
  const fields = problem?.errors?.map((e) => `; ${e.pointer}: ${e.detail}`).join('') ?? '';
  return new SiftError(res.status, problem, `${res.status} ${problem?.title ?? res.statusText}: ${problem?.detail ?? text}${fields}`);
}
