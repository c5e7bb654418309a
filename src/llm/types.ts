// The LLM client's contract; src/llm is the only place that imports `openai`.
export interface LlmClient {
  readonly model: string;
}
