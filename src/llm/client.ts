import type { Config } from '../config.js';
import type { LlmClient } from './types.js';

/** null when OPENAI_API_KEY is not set: the analyst then uses its offline engine. */
export function createLlm(config: Config): LlmClient | null {
  if (!config.OPENAI_API_KEY) return null;
  return { model: config.SIFT_LLM_MODEL };
}
