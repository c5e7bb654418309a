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
  // JSON writes U+0000 only as an escape: no walk over the body unless the text has one
  if (text.includes('\\u0000')) refuseNul(value, ['body']);
  return parseWith(schema, value, '/body', 'body');
}

function nulPaths(value: unknown, path: string[], out: string[][]): string[][] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k]);
      nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/**
 * PostgreSQL text cannot hold U+0000, so a string with one is refused here, naming where it
 * is, instead of failing in the database. `at` is the path of `value` (["body"], ["path"]).
 */
export function refuseNul(value: unknown, at: string[]) {
  const found = nulPaths(value, [], []).map((p) => pointer(`/${at.join('/')}`, p));
  if (!found.length) return;
  const detail = 'must not contain the NUL character (U+0000)';
  throw new AppError('validation', `${found[0]} ${detail}`, { errors: found.map((p) => ({ pointer: p, detail })) });
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
  refuseNul(out, ['query']);
  return out;
}
