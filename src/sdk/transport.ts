import { errorFrom, SiftError } from './errors.js';

export interface SiftOptions {
  /** e.g. https://sift.example.com */
  baseUrl: string;
  apiKey: string;
  /** defaults to the global fetch (Node 20+, Workers, browsers); tests pass app.request */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /**
   * Retries for writes on network errors, 409 (same key in flight), 429 and 5xx. With retries,
   * every write carries an Idempotency-Key (generated when not given), so a retry never writes twice.
   */
  retries?: number;
  /** first backoff in ms, doubled each retry */
  retryDelayMs?: number;
}

/** One HTTP round trip with problem+json turned into SiftError, and safe retries for writes. */
export class Transport {
  readonly #opts: Required<Omit<SiftOptions, 'fetch'>> & { fetch: NonNullable<SiftOptions['fetch']> };
  constructor(opts: SiftOptions) {
    if (!opts.baseUrl) throw new TypeError('Sift: baseUrl is required');
    if (!opts.apiKey) throw new TypeError('Sift: apiKey is required');
    const f = opts.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
    this.#opts = { baseUrl: opts.baseUrl.replace(/\/+$/, ''), apiKey: opts.apiKey, fetch: f, retries: opts.retries ?? 0, retryDelayMs: opts.retryDelayMs ?? 200 };
  }

  async request<T>(method: string, path: string, body?: unknown, opts: { idempotencyKey?: string; raw?: { text: string; type: string } } = {}): Promise<T> {
    const isWrite = method !== 'GET';
    const retries = isWrite ? this.#opts.retries : 0;
    const key = opts.idempotencyKey ?? (isWrite && retries > 0 ? crypto.randomUUID() : undefined);
    const headers: Record<string, string> = { authorization: `Bearer ${this.#opts.apiKey}`, accept: 'application/json' };
    if (key) headers['idempotency-key'] = key;
    let payload: string | undefined;
    if (opts.raw) {
      headers['content-type'] = opts.raw.type;
      payload = opts.raw.text;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    for (let attempt = 0; ; attempt++) {
      let error: SiftError;
      try {
        const res = await this.#opts.fetch(`${this.#opts.baseUrl}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
        if (res.ok) {
          const text = await res.text();
          return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
        }
        error = await errorFrom(res);
      } catch (e) {
        if (e instanceof SiftError) throw e;
        error = new SiftError(0, null, `Could not reach Sift at ${this.#opts.baseUrl}: ${(e as Error).message}`);
      }
      if (!error.retryable || attempt >= retries) throw error;
      await new Promise((r) => setTimeout(r, this.#opts.retryDelayMs * 2 ** attempt));
    }
  }
}

export const seg = (s: string) => encodeURIComponent(s);
