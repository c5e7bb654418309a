import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/sample.js';
import { fixedClock, testEnv } from '../support/deps.js';
import { manyConversations, seedProject } from './fixture.js';

const clock = fixedClock(new Date('2026-06-15T12:00:00Z'));
const env = await testEnv({ clock });
await seedProject(env, 'cli', manyConversations('q', 120, clock.now()));
const server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function sift(...argv: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (d) => chunks.push(String(d)));
  const code = await run({ argv, url, key: env.adminKey, out, err, tty: false });
  return { code, out: chunks.join('') };
}

describe('sift sample', () => {
  it('draws over HTTP and prints the frame and members; the same seed prints the same members', async () => {
    const a = await sift('--project', 'cli', '--metric', 'Auth: verified', '--per-stratum', '5', '--seed', '11');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^sample smp_\w+ {2}seed 11 {2}metric "Auth: verified"/);
    expect(a.out).toMatch(/true\s+60\s+5\s+0\.0833\s+12\.00/);
    expect(a.out).toMatch(/false\s+60\s+5\s+0\.0833\s+12\.00/);
    const b = await sift('--project', 'cli', '--metric', 'Auth: verified', '--per-stratum', '5', '--seed', '11');
    const members = (text: string) => text.split('\n').filter((l) => / q\d{5} /.test(l));
    expect(members(a.out)).toHaveLength(10);
    expect(members(b.out)).toEqual(members(a.out));
  });

  it('takes named groups and exports a stored sample as CSV', async () => {
    const drawn = await sift('--project', 'cli', '--metric', 'Auth: outcome', '--per-stratum', '4', '--group', 'failures=failed,partial', '--group', 'successes=verified', '--format', 'json');
    const s = JSON.parse(drawn.out);
    expect(s.frame.map((f: { value: string; population: number }) => [f.value, f.population])).toEqual([
      ['failures', 60],
      ['successes', 60],
    ]);
    const csv = await sift('--project', 'cli', '--id', s.id, '--format', 'csv');
    expect(csv.out.split('\r\n')[0]).toMatch(/^sample_id,position,stratum,weight,/);
    expect(csv.out.trim().split('\r\n')).toHaveLength(9);
  });

  it('explains usage mistakes and API refusals', async () => {
    await expect(sift('--metric', 'x')).rejects.toThrow('--project is required');
    await expect(sift('--project', 'cli', '--metric', 'x', '--per-stratum', 'ten')).rejects.toThrow('--per-stratum must be a whole number');
    await expect(sift('--project', 'cli', '--metric', 'Nope', '--per-stratum', '3')).rejects.toThrow(/400.*\/body\/metric/s);
  });
});
