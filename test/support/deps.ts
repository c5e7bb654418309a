import { afterAll } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { bootstrap } from '../../src/bootstrap.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Clock, Deps } from '../../src/deps.js';
import { randomIds } from '../../src/ids.js';
import { freshDatabase } from './db.js';

export const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

/** A clock tests can move. */
export function fixedClock(start = new Date('2026-06-15T12:00:00Z')): Clock & { set(d: Date): void; advance(ms: number): void } {
  let now = start;
  return {
    now: () => new Date(now),
    set: (d) => (now = d),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
  };
}

export interface TestEnv {
  deps: Deps;
  app: App;
  adminKey: string;
  workspaceId: string;
  /** JSON request helper through app.request(): `call('POST', '/v1/projects', body, key)` */
  call(method: string, path: string, body?: unknown, key?: string, headers?: Record<string, string>): Promise<Response>;
}

/**
 * The app on a fresh database for one test file, with an admin key. The database is closed
 * (and, on a server, dropped) after the file.
 */
export async function testEnv(overrides: Partial<Deps> = {}, env: Record<string, string> = {}): Promise<TestEnv> {
  const conn = await freshDatabase();
  const config: Config = loadConfig({ SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false', ...env });
  const deps: Deps = {
    db: conn.db,
    config,
    clock: { now: () => new Date() },
    ids: randomIds,
    log: silentLog,
    llm: null,
    fetch: (() => {
      throw new Error('unexpected outbound fetch in a test');
    }) as unknown as typeof fetch,
    ...overrides,
  };
  const boot = await bootstrap(deps);
  const app = createApp(deps);
  afterAll(() => conn.close());
  const call: TestEnv['call'] = (method, path, body, key = boot.adminKey!, headers = {}) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    );
  return { deps, app, adminKey: boot.adminKey!, workspaceId: boot.workspaceId, call };
}
