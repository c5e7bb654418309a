import OpenAI from 'openai';
import type { Config } from '../config.js';
import { classify } from './errors.js';
import { toStrictJsonSchema } from './json-schema.js';
import { defaultSleep, withRetry, type RetryPolicy } from './retry.js';
import { countMessageTokens, countTokens } from './tokens.js';
import { LlmError, type LlmCallTrace, type LlmClient, type LlmMessage, type LlmUsage, type StructuredRequest } from './types.js';

export interface LlmOptions {
  /** outbound fetch (tests and the benchmark leave the global one, which msw intercepts) */
  fetch?: typeof fetch;
  retries?: number;
  retryBaseMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** per-call timeout; SIFT_LLM_TIMEOUT_MS by default */
  timeoutMs?: number;
  onCall?: (trace: LlmCallTrace) => void;
}

interface Reply {
  content: string;
  usage: LlmUsage;
}

const REPAIR = (problem: string) =>
  `Your previous reply could not be used: ${problem}. Reply again with only one JSON object that matches the schema exactly. Keep every text field short.`;

/**
 * The one LLM call path: an OpenAI-compatible chat completion with a strict JSON schema,
 * retried on 429/5xx/timeouts (honouring Retry-After), parsed and validated with zod, with one
 * repair attempt for output that is malformed, truncated or off-schema.
 * Returns null when OPENAI_API_KEY is not set: the analyst then uses its offline engine.
 */
export function createLlm(config: Config, opts: LlmOptions = {}): LlmClient | null {
  if (!config.OPENAI_API_KEY) return null;
  const model = config.SIFT_LLM_MODEL;
  const openai = new OpenAI({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
    timeout: opts.timeoutMs ?? config.SIFT_LLM_TIMEOUT_MS,
    maxRetries: 0,
    // resolved per call, so a fetch installed later (msw in tests, instrumentation) is honoured
    fetch: opts.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init)),
  });
  const policy: RetryPolicy = {
    retries: opts.retries ?? 3,
    baseMs: opts.retryBaseMs ?? 500,
    maxDelayMs: opts.maxDelayMs ?? 30_000,
    sleep: opts.sleep ?? defaultSleep,
  };

  async function send<T>(req: StructuredRequest<T>, messages: LlmMessage[], schema: Record<string, unknown>): Promise<Reply & { calls: number }> {
    let calls = 0;
    const reply = await withRetry(policy, async () => {
      req.meter?.reserve(countMessageTokens(messages, model));
      calls++;
      const startedAt = performance.now();
      let ok = false;
      try {
        const res = await openai.chat.completions.create({
          model,
          messages,
          response_format: { type: 'json_schema', json_schema: { name: req.name, schema, strict: true } },
          ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
        });
        const usage = {
          prompt: res.usage?.prompt_tokens ?? countMessageTokens(messages, model),
          completion: res.usage?.completion_tokens ?? 0,
        };
        req.meter?.record(usage);
        ok = true;
        const choice = res.choices[0];
        if (!choice) throw new LlmError('malformed', 'the reply had no choices');
        if (choice.message.refusal) throw Object.assign(new LlmError('refusal', `the model refused: ${choice.message.refusal.slice(0, 200)}`), { usage });
        const content = choice.message.content ?? '';
        if (choice.finish_reason === 'length') throw Object.assign(new LlmError('truncated', 'the reply was cut off at the token limit'), { usage, content });
        return { content, usage };
      } catch (e) {
        throw classify(e);
      } finally {
        // a call that failed before its usage arrived releases its reservation
        if (!ok) req.meter?.record({ prompt: 0, completion: 0 });
        opts.onCall?.({ name: req.name, startedAt, endedAt: performance.now(), ok });
      }
    });
    return { ...reply, calls };
  }

  function parse<T>(req: StructuredRequest<T>, content: string): T {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw new LlmError('malformed', 'the reply was not valid JSON');
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new LlmError('malformed', `the reply broke the schema at /${first?.path.join('/') ?? ''}: ${first?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  return {
    model,
    countTokens: (text) => countTokens(text, model),
    async structured<T>(req: StructuredRequest<T>) {
      const schema = toStrictJsonSchema(req.schema);
      const usage: LlmUsage = { prompt: 0, completion: 0 };
      const add = (u: LlmUsage) => ((usage.prompt += u.prompt), (usage.completion += u.completion));
      let calls = 0;
      let bad: { content: string; problem: string };
      try {
        const first = await send(req, req.messages, schema);
        calls += first.calls;
        add(first.usage);
        try {
          return { data: parse(req, first.content), usage, calls, repaired: false };
        } catch (e) {
          if (!(e instanceof LlmError)) throw e;
          bad = { content: first.content, problem: e.message };
        }
      } catch (e) {
        if (!(e instanceof LlmError) || e.kind !== 'truncated') throw e;
        const partial = e as LlmError & { usage?: LlmUsage; content?: string };
        calls += 1;
        if (partial.usage) add(partial.usage);
        bad = { content: partial.content ?? '', problem: e.message };
      }
      const repairMessages: LlmMessage[] = [
        ...req.messages,
        { role: 'assistant', content: bad.content.slice(0, 4000) },
        { role: 'user', content: REPAIR(bad.problem) },
      ];
      const second = await send(req, repairMessages, schema);
      calls += second.calls;
      add(second.usage);
      return { data: parse(req, second.content), usage, calls, repaired: true };
    },
  };
}
