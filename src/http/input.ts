import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, fromZod, pointer } from '../errors.js';

/** Reads a JSON body: 415 for another content type, 400 for malformed JSON, 400 with pointers for schema errors. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', `Send the body as application/json (got "${type || 'no content type'}")`);
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError('bad_request', `The body is not valid JSON: ${(e as Error).message}`);
  }
  c.set('rawBody', text);
  // JSON writes U+0000 and lone surrogates only as escapes: no walk over the body unless the text has one
  if (UNSTORABLE_ESCAPE.test(text)) refuseUnstorable(value, ['body']);
  return parseWith(schema, value, '/body', 'body');
}

const UNSTORABLE_ESCAPE = /\\u(0000|[dD][89a-fA-F])/;
const NUL = '\u0000';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problemOf(text: string): string | null {
  if (text.includes(NUL)) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode: it holds half of a UTF-16 surrogate pair (an escape such as \\ud83d without its partner)';
  return null;
}

function unstorable(value: unknown, path: string[], out: { path: string[]; detail: string }[]) {
  if (typeof value === 'string') {
    const detail = problemOf(value);
    if (detail) out.push({ path, detail });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorable(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const detail = problemOf(k);
      if (detail) out.push({ path: [...path, k], detail });
      unstorable(v, [...path, k], out);
    }
  }
  return out;
}

/**
 * PostgreSQL text holds neither U+0000 nor half of a surrogate pair, so a string with either is
 * refused here, naming where it is, instead of failing in the database. `at` is the path of
 * `value` (["body"], ["path"], ["query"]).
 */
export function refuseUnstorable(value: unknown, at: string[]) {
  const found = unstorable(value, [], []).map((f) => ({ pointer: pointer(`/${at.join('/')}`, f.path), detail: f.detail }));
  if (!found.length) return;
  throw new AppError('validation', `${found[0]!.pointer} ${found[0]!.detail}`, { errors: found });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZod(parsed.error, prefix, what);
  return parsed.data;
}

/** Query string as an object: a repeated parameter becomes an array, a single one a string. */
export function queryObject(c: Context): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, values] of Object.entries(c.req.queries())) {
    out[k] = values.length === 1 ? values[0]! : values;
  }
  refuseUnstorable(out, ['query']);
  return out;
}
