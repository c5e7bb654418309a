import { delay, http, HttpResponse } from 'msw';

/**
 * msw handlers speaking the OpenAI chat-completions wire format, and a scripted "model" that
 * answers the analyst's stages (plan, facets, themes, checks) deterministically from the
 * prompts it receives. Used by the analyst's tests, the benchmark, and the eval harness.
 */

export const OPENAI_TEST_BASE = 'https://llm.test/v1';
export const OPENAI_TEST_ENV = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: OPENAI_TEST_BASE, SIFT_LLM_MODEL: 'gpt-4o-mini' };

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
  max_tokens?: number;
}

/** What a responder may answer: a JSON object (the model's structured output), or a fault. */
export type Reply =
  | { json: unknown; finish?: 'stop' | 'length'; usage?: { prompt: number; completion: number } }
  | { raw: string; finish?: 'stop' | 'length' }
  | { refusal: string }
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { hang: true };

export type Responder = (req: ChatRequest, n: number) => Reply | Promise<Reply>;

export function completion(content: string | null, opts: { finish?: string; refusal?: string | null; usage?: { prompt: number; completion: number } } = {}) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: opts.refusal ?? null }, logprobs: null, finish_reason: opts.finish ?? 'stop' }],
    usage: {
      prompt_tokens: opts.usage?.prompt ?? 100,
      completion_tokens: opts.usage?.completion ?? 50,
      total_tokens: (opts.usage?.prompt ?? 100) + (opts.usage?.completion ?? 50),
    },
  };
}

/** Every request body the mock received, for assertions (e.g. no PII ever left). */
export interface Captured {
  bodies: ChatRequest[];
  raw: string[];
}

/**
 * The chat-completions handler: each request is captured, then answered by `responder`.
 * `latencyMs` delays every reply (the benchmark's 1 s model).
 */
export function openaiHandler(responder: Responder, opts: { base?: string; latencyMs?: number; captured?: Captured } = {}) {
  let n = 0;
  return http.post(`${opts.base ?? OPENAI_TEST_BASE}/chat/completions`, async ({ request }) => {
    const raw = await request.text();
    const body = JSON.parse(raw) as ChatRequest;
    opts.captured?.raw.push(raw);
    opts.captured?.bodies.push(body);
    const reply = await responder(body, n++);
    if (opts.latencyMs) await delay(opts.latencyMs);
    if ('hang' in reply) {
      await delay('infinite');
      return HttpResponse.json({});
    }
    if ('status' in reply) return HttpResponse.json(reply.body ?? { error: { message: 'mock error', type: 'server_error' } }, { status: reply.status, headers: reply.headers ?? {} });
    if ('refusal' in reply) return HttpResponse.json(completion(null, { refusal: reply.refusal }));
    if ('raw' in reply) return HttpResponse.json(completion(reply.raw, { finish: reply.finish ?? 'stop' }));
    const content = JSON.stringify(reply.json);
    // roughly what a real server reports: about four characters a token
    const usage = reply.usage ?? { prompt: Math.ceil(body.messages.reduce((n, m) => n + m.content.length, 0) / 4), completion: Math.ceil(content.length / 4) };
    return HttpResponse.json(completion(content, { finish: reply.finish ?? 'stop', usage }));
  });
}

export const stageOf = (req: ChatRequest) => req.response_format?.json_schema?.name ?? 'unknown';
export const userText = (req: ChatRequest) => req.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');

/** A reason planted in fixture transcripts, recognised by the scripted model from its keywords. */
export interface PlantedReason {
  title: string;
  criterion: string;
  /** lower-case phrases whose presence in a turn marks the reason */
  keywords: string[];
}

export interface ScriptedModelOptions {
  reasons: PlantedReason[];
  /** the plan stage's answer; defaults to a qualitative plan on the first listed metric */
  plan?: (question: string, req: ChatRequest) => Record<string, unknown>;
  /** make specific stages misbehave: return a Reply to override, undefined to answer normally */
  fault?: (stage: string, req: ChatRequest, n: number) => Reply | undefined;
}

interface Turn {
  idx: number;
  role: string;
  text: string;
}

/** Parses `<transcript ref="c1">` blocks as the analyst renders them. */
export function parseTranscripts(text: string): { ref: string; turns: Turn[] }[] {
  const out: { ref: string; turns: Turn[] }[] = [];
  for (const m of text.matchAll(/<transcript ref="([^"]+)">\n([^]*?)\n<\/transcript>/g)) {
    const turns: Turn[] = [];
    for (const line of m[2]!.split('\n')) {
      const t = /^\[(\d+)\] (\w+)(?: \([^)]*\))?: (.*)$/.exec(line);
      if (t) turns.push({ idx: Number(t[1]), role: t[2]!, text: t[3]! });
    }
    out.push({ ref: m[1]!, turns });
  }
  return out;
}

function quoteAround(text: string, keyword: string): string {
  const words = text.split(' ');
  const at = words.findIndex((_, i) => words.slice(i).join(' ').toLowerCase().startsWith(keyword.split(' ')[0]!));
  const from = Math.max(0, at - 3);
  return words.slice(from, from + 12).join(' ').replace(/ \[…\]$/, '');
}

function facetsFor(t: { ref: string; turns: Turn[] }, reasons: PlantedReason[]) {
  const found: { r: PlantedReason; turn: Turn; kw: string }[] = [];
  for (const r of reasons) {
    for (const turn of t.turns) {
      const kw = r.keywords.find((k) => turn.text.toLowerCase().includes(k));
      if (kw && found.length < 3) {
        found.push({ r, turn, kw });
        break;
      }
    }
  }
  if (found.length) {
    return {
      ref: t.ref,
      what_happened: `The caller wanted help; ${found.map((f) => f.r.title.toLowerCase()).join('; ')}.`,
      where_it_went_wrong: found.map((f) => `${f.r.title} at turn ${f.turn.idx}`).join('; '),
      turns: found.map((f) => f.turn.idx),
      quotes: found.map((f) => ({ turn: f.turn.idx, text: quoteAround(f.turn.text, f.kw) })),
    };
  }
  const first = t.turns.find((x) => x.role === 'user') ?? t.turns[0];
  return {
    ref: t.ref,
    what_happened: 'The caller was helped and the call ended normally.',
    where_it_went_wrong: 'nothing went wrong',
    turns: [],
    quotes: first ? [{ turn: first.idx, text: first.text.split(' ').slice(0, 10).join(' ') }] : [],
  };
}

/** The scripted model: answers each analyst stage the way a careful model would. */
export function scriptedAnalyst(opts: ScriptedModelOptions): Responder {
  return (req, n) => {
    const stage = stageOf(req);
    const fault = opts.fault?.(stage, req, n);
    if (fault) return fault;
    const text = userText(req);
    if (stage === 'plan') {
      const question = /Question: (.*)$/m.exec(text)?.[1] ?? '';
      const name = /^- ("(?:[^"\\]|\\.)*")/m.exec(text)?.[1];
      const metric = name ? (JSON.parse(name) as string) : null;
      return {
        json: opts.plan?.(question, req) ?? {
          action: 'plan',
          kind: 'qualitative',
          measure: null,
          metric,
          target_values: ['false'],
          contrast_values: ['true'],
          window_start: null,
          window_end: null,
          interval: null,
          filters: [],
          clarifying_question: null,
          candidates: [],
          theme_index: null,
        },
      };
    }
    if (stage === 'facets') return { json: { conversations: parseTranscripts(text).map((t) => facetsFor(t, opts.reasons)) } };
    if (stage === 'themes') {
      const seen = opts.reasons.filter((r) => text.includes(r.title));
      return { json: { themes: seen.map((r) => ({ title: r.title, criterion: r.criterion })) } };
    }
    if (stage === 'checks') {
      const numbered = [...text.matchAll(/^(\d+): ([^:]+): /gm)].map((m) => ({ n: Number(m[1]), title: m[2]! }));
      const calls = [...text.matchAll(/<call ref="([^"]+)">([^]*?)<\/call>/g)].map((m) => {
        const body = m[2]!;
        const met = numbered.flatMap((t) => {
          const at = new RegExp(`${t.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at turn (\\d+)`).exec(body);
          if (!at) return [];
          const q = new RegExp(`\\[${at[1]}\\] "([^"]*)"`).exec(body);
          return [{ reason: t.n, turn: Number(at[1]), quote: q?.[1] ?? '' }];
        });
        return { ref: m[1]!, met };
      });
      return { json: { calls } };
    }
    return { status: 400, body: { error: { message: `unexpected stage ${stage}` } } };
  };
}
