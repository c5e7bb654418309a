import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.js';

/**
 * SIFT_BODY_LIMIT on every request. A declared Content-Length is checked from the header alone
 * (the runtime delivers exactly that many bytes), so the body is read once, later, straight from
 * the socket; hono's bodyLimit would first turn every request into a web-stream Request, which
 * costs more than the rest of a metric write in Node. A body without one (chunked) is counted
 * while it streams.
 */
export function limitBodies(maxSize: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new AppError('payload_too_large', `The body is larger than ${maxSize} bytes`);
  };
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) tooLarge();
      return next();
    }
    return streamed(c, next);
  };
}
