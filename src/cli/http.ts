import type { CliContext } from './context.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { pointer: string; detail: string }[] } | null,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the Sift API with the CLI's URL and key; a problem+json answer becomes an ApiError. */
export async function api<T = unknown>(ctx: CliContext, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await request(ctx, method, path, body, headers);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

export async function request(ctx: CliContext, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  if (!ctx.key) throw new ApiError(0, null, 'Set SIFT_API_KEY (or pass --key) to the key printed when Sift first started.');
  let res: Response;
  try {
    res = await fetch(new URL(path, ctx.url), {
      method,
      headers: {
        authorization: `Bearer ${ctx.key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new ApiError(0, null, `Could not reach Sift at ${ctx.url} (${(e as Error).message}). Is \`npm start\` running?`);
  }
  if (!res.ok) {
    const text = await res.text();
    let problem: ApiError['problem'] = null;
    try {
      problem = JSON.parse(text);
    } catch {
      // not problem+json: report the raw text below
    }
    const fields = problem?.errors?.map((e) => `\n  ${e.pointer}: ${e.detail}`).join('') ?? '';
    throw new ApiError(res.status, problem, `${res.status} ${problem?.title ?? res.statusText}: ${problem?.detail ?? text}${fields}`);
  }
  return res;
}
