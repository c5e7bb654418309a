import { serve } from '@hono/node-server';
import { createApp } from '../app.js';
import { bootstrap } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../config.js';
import { seedDemoIfEmpty } from '../demo/seed.js';
import { buildNodeDeps } from './build.js';
import { startupBanner } from './banner.js';
import { startScheduler } from './scheduler.js';

async function main() {
  const config = loadConfig(process.env);
  const { deps, conn } = await buildNodeDeps(config);
  const boot = await bootstrap(deps);
  const demo = config.SIFT_DEMO ? await seedDemoIfEmpty(deps, boot.workspaceId) : null;
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = config.PUBLIC_URL ?? `http://localhost:${info.port}`;
    process.stdout.write(startupBanner({ url, adminKey: boot.adminKey, demo, driver: conn.driver }));
  });
  const scheduler = config.SIFT_SCHEDULER ? startScheduler(deps) : null;
  const stop = async () => {
    server.close();
    await scheduler?.stop();
    await conn.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Sift failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
