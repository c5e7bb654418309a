import { z } from 'zod';
import type { RouteSpec } from './router.js';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
}

function problemRef() {
  return { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

/** OpenAPI 3.1 built from the same zod schemas that validate each request. */
export function openApiDocument(specs: RouteSpec[], serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params = [...spec.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
      ...(m[1] === 'project' ? { description: 'project id or slug' } : {}),
    }));
    const queryParams = spec.query ? queryParameters(spec.query) : [];
    const ok = String(spec.status ?? 200);
    const content: Record<string, unknown> = {};
    if (spec.status !== 204) {
      content['application/json'] = { schema: spec.response ? jsonSchema(spec.response, 'output') : {} };
      for (const type of spec.produces ?? []) content[type] = { schema: {} };
    }
    (paths[path] ??= {})[spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.scope === 'public' ? { security: [] } : { 'x-required-scope': spec.scope }),
      parameters: [...params, ...queryParams],
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } }
        : {}),
      responses: {
        [ok]: { description: 'Success', ...(spec.status === 204 ? {} : { content }) },
        '4XX': { description: 'Problem (RFC 9457)', ...problemRef() },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sift API',
      version: '0.1.0',
      description: 'Metric store and analyst for conversational agents. Errors are RFC 9457 problem+json.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }, { apiKey: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            request_id: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', properties: { pointer: { type: 'string' }, detail: { type: 'string' } } },
            },
          },
        },
      },
    },
    paths,
  };
}

function queryParameters(schema: z.ZodType) {
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema: s,
  }));
}
