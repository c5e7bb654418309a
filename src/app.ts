import { Hono } from 'hono';
import type { Deps } from './deps.js';
import { AppError, problem } from './errors.js';
import { limitBodies } from './http/body-limit.js';
import { Router } from './http/router.js';
import { analystRoutes } from './routes/analyst.js';
import { conversationRoutes } from './routes/conversations.js';
import { digestRoutes } from './routes/digests.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { keyRoutes } from './routes/keys.js';
import { metricRoutes } from './routes/metrics.js';
import { projectRoutes } from './routes/projects.js';
import { sampleRoutes } from './routes/samples.js';
import { trendRoutes } from './routes/trends.js';
import { writeRoutes } from './routes/writes.js';

export type AppEnv = { Variables: { requestId: string; rawBody: string } };

/** The whole HTTP API; the Node and Workers entries only differ in how they build `deps`. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : deps.ids.make('req');
    c.set('requestId', id);
    // set before the handler, so the response is built with it: setting a header on a finished
    // response rebuilds it as a stream, which costs Node more than the rest of a metric write
    c.header('x-request-id', id);
    await next();
    if (c.res.headers.get('x-request-id') !== id) c.header('x-request-id', id);
  });

  app.use('*', limitBodies(deps.config.SIFT_BODY_LIMIT));

  app.onError((err, c) => {
    if (err instanceof AppError) return problem(c, err);
    deps.log.error('unhandled error', { path: c.req.path, requestId: c.get('requestId'), error: String(err), stack: (err as Error).stack });
    return problem(c, new AppError('internal', 'An internal error occurred; it has been logged'));
  });
  app.notFound((c) => problem(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`)));

  const router = new Router(app as unknown as Hono, deps);
  for (const register of [
    healthRoutes,
    keyRoutes,
    projectRoutes,
    // before metricRoutes: /metrics/summary and /metrics/{name}/trend must win over /metrics/{name}
    trendRoutes,
    metricRoutes,
    writeRoutes,
    conversationRoutes,
    sampleRoutes,
    analystRoutes,
    digestRoutes,
  ]) {
    register(router);
  }
  docsRoutes(router);
  return Object.assign(app, { routeSpecs: router.specs });
}

export type App = ReturnType<typeof createApp>;
