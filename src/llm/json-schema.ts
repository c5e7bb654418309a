import { z } from 'zod';

type Json = { [k: string]: unknown };

/**
 * The zod schema as JSON Schema in the subset OpenAI's strict structured outputs accept: every
 * object closed (additionalProperties false) with every property required. Schemas sent to the
 * model are written with nullable fields rather than optional ones for this reason.
 */
export function toStrictJsonSchema(schema: z.ZodType): Json {
  const raw = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any' }) as Json;
  delete raw.$schema;
  return close(raw) as Json;
}

function close(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(close);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = close(v);
  if (out.type === 'object' && out.properties && typeof out.properties === 'object') {
    out.additionalProperties = false;
    out.required = Object.keys(out.properties as Json);
  }
  return out;
}
