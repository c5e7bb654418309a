import type { Context } from 'hono';
import { z } from 'zod';

export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, { status: number; title: string }> = {
  bad_request: { status: 400, title: 'Bad request' },
  validation: { status: 400, title: 'Validation failed' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  unprocessable: { status: 422, title: 'Unprocessable content' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal error' },
};

/** One field-level problem: a JSON pointer into the request and the rule it broke. */
export interface FieldError {
  pointer: string;
  detail: string;
  [extra: string]: unknown;
}

/** The one error type domain code throws; errors.ts turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, detail: string, opts: { errors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(detail);
    this.code = code;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
  get status(): number {
    return STATUS[this.code].status;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);

/** JSON pointer (RFC 6901) for a zod issue path, under a prefix such as "/body" or "/query". */
export function pointer(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  const parts = path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1'));
  return [prefix, ...parts].join('/').replace(/\/+$/, '') || '/';
}

export function fromZod(error: z.ZodError, prefix: string, what = 'request'): AppError {
  const errors = error.issues.map((i) => ({ pointer: pointer(prefix, i.path), detail: i.message }));
  const first = errors[0];
  const detail = first ? `Invalid ${what}: ${first.pointer} ${first.detail}` : `Invalid ${what}`;
  return new AppError('validation', detail, { errors });
}

export function problem(c: Context, err: AppError) {
  const { status, title } = STATUS[err.code];
  const body = {
    type: `https://sift.dev/problems/${err.code.replace(/_/g, '-')}`,
    title,
    status,
    detail: err.message,
    instance: c.req.path,
    request_id: c.get('requestId') as string | undefined,
    ...(err.errors ? { errors: err.errors } : {}),
    ...(err.extra ?? {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': body.request_id ?? '' },
  });
}
