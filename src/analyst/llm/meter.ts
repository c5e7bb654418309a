import { LlmError, type LlmMeter, type LlmUsage } from '../../llm/types.js';

export interface Budget {
  maxTokens: number;
  maxCalls: number;
}

/**
 * One question's spend. A call is refused before it is sent when it would pass the budget;
 * the pipeline then stops reading and answers with what it has, marked as cut short.
 */
export class QuestionMeter implements LlmMeter {
  prompt = 0;
  completion = 0;
  calls = 0;
  exhausted = false;
  private pending = 0;

  constructor(readonly budget: Budget) {}

  reserve(estimatedPromptTokens: number): void {
    const tokens = this.prompt + this.completion + this.pending;
    if (this.calls + 1 > this.budget.maxCalls || tokens + estimatedPromptTokens > this.budget.maxTokens) {
      this.exhausted = true;
      throw new LlmError('budget', `the question's budget (${this.budget.maxTokens} tokens, ${this.budget.maxCalls} calls) is spent`);
    }
    this.calls++;
    // held until the reply's real usage arrives, so concurrent calls cannot overshoot together
    this.pending += estimatedPromptTokens;
    this.lastReserved.push(estimatedPromptTokens);
  }

  private lastReserved: number[] = [];

  record(usage: LlmUsage): void {
    this.pending = Math.max(0, this.pending - (this.lastReserved.shift() ?? 0));
    this.prompt += usage.prompt;
    this.completion += usage.completion;
  }

  get tokens(): number {
    return this.prompt + this.completion;
  }
}
