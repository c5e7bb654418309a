import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('names the variable and the rule for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: .*65535/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ SIFT_DEMO: 'maybe' })).toThrow(/SIFT_DEMO/);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: '-1', SIFT_BODY_LIMIT: 'lots' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/SIFT_BODY_LIMIT/);
    }
  });

  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8787);
    expect(c.SIFT_DATA_DIR).toBe('./.sift/data');
    expect(c.SIFT_DEMO).toBe(true);
    expect(c.SIFT_BODY_LIMIT).toBe(1024 * 1024);
  });

  it('stops `npm start` with the message before touching the database', () => {
    const run = spawnSync('node', ['--import', 'tsx', 'src/runtime/node.ts'], {
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: '', SIFT_DATA_DIR: 'memory://' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Invalid configuration');
    expect(run.stderr).toMatch(/PORT: /);
  });
});
