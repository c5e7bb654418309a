import { serve, type ServerType } from '@hono/node-server';
import { PassThrough } from 'node:stream';
import { afterAll } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import type { TestEnv } from '../support/deps.js';

/** The test app on a real port, for CLI commands that talk HTTP. */
export async function listen(env: TestEnv): Promise<string> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** Runs a CLI command and collects what it printed. */
export async function runCommand(command: { run(ctx: CliContext): Promise<number> }, url: string, key: string, argv: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  let errText = '';
  out.on('data', (d: Buffer) => chunks.push(d));
  err.on('data', (d: Buffer) => (errText += d.toString()));
  const code = await command.run({ argv, url, key, out, err, tty: false });
  return { code, out: Buffer.concat(chunks).toString('utf8'), err: errText };
}
