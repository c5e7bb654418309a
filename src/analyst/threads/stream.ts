import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { AppError } from '../../errors.js';
import type { AnalystEvent, EmitEvent } from '../contract.js';

export function wantsStream(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('text/event-stream');
}

/**
 * Runs an analyst call and streams its stages as server-sent events (`event: plan|sample|
 * estimate|progress|themes|answer`, data JSON), then `event: done`; a failure becomes
 * `event: error` with the problem+json body.
 */
export function streamStages(c: Context, log: { error(msg: string, data?: Record<string, unknown>): void }, run: (emit: EmitEvent) => Promise<unknown>) {
  return streamSSE(c, async (stream) => {
    let chain = Promise.resolve();
    const emit: EmitEvent = (e: AnalystEvent) => {
      chain = chain.then(() => stream.writeSSE({ event: e.stage, data: JSON.stringify(e) }));
    };
    try {
      const result = await run(emit);
      await chain;
      await stream.writeSSE({ event: 'done', data: JSON.stringify(result) });
    } catch (e) {
      await chain;
      const err = e instanceof AppError ? e : new AppError('internal', 'An internal error occurred; it has been logged');
      if (!(e instanceof AppError)) log.error('analyst stream failed', { error: String(e), stack: (e as Error).stack });
      await stream.writeSSE({ event: 'error', data: JSON.stringify({ status: err.status, code: err.code, detail: err.message, ...(err.errors ? { errors: err.errors } : {}) }) });
    }
  });
}
