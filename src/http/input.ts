import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, fromZod } from '../errors.js';

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
  return parseWith(schema, value, '/body', 'body');
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
  return out;
}
