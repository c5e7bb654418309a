import { createApp } from '../app.js';
import { bootstrap } from '../bootstrap.js';
import { runScheduled } from './worker-scheduled.js';
import { workerConfig, workerDeps, type WorkerEnv } from './worker-deps.js';

/** The parts of the Workers runtime types this entry uses (no @cloudflare/workers-types needed). */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}
interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

// SIFT_BOOTSTRAP_KEY creates the first workspace and admin key once per isolate, if none exists
let bootstrapped: Promise<unknown> | null = null;

function configError(err: unknown, hint = ''): Response {
  const detail = (err as Error).message + hint;
  console.error(JSON.stringify({ level: 'error', msg: 'worker configuration', error: detail }));
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Misconfigured', status: 500, detail }), {
    status: 500,
    headers: { 'content-type': 'application/problem+json' },
  });
}

/** Closes the request's database connection once the body has been sent (streams included). */
function closeAfter(res: Response, close: () => Promise<void>, ctx: ExecutionContext): Response {
  if (!res.body) {
    ctx.waitUntil(close());
    return res;
  }
  const { readable, writable } = new TransformStream();
  ctx.waitUntil(res.body.pipeTo(writable).catch(() => undefined).finally(close));
  return new Response(readable, res);
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let built;
    try {
      built = workerDeps(workerConfig(env));
    } catch (err) {
      return configError(err);
    }
    const { deps, close } = built;
    try {
      if (deps.config.SIFT_BOOTSTRAP_KEY) {
        bootstrapped ??= bootstrap(deps).catch((e) => {
          bootstrapped = null;
          throw e;
        });
        try {
          await bootstrapped;
        } catch (err) {
          ctx.waitUntil(close());
          return configError(err, ' (bootstrapping SIFT_BOOTSTRAP_KEY; has `npm run migrate` been run against this database?)');
        }
      }
      const res = await createApp(deps).fetch(request);
      return closeAfter(res, close, ctx);
    } catch (err) {
      ctx.waitUntil(close());
      throw err;
    }
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const { deps, close } = workerDeps(workerConfig(env));
    ctx.waitUntil(runScheduled(deps, new Date(controller.scheduledTime)).finally(close));
  },
};
