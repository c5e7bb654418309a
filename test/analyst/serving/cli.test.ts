import { http } from 'msw';
import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/commands/ask.js';
import { openaiHandler, scriptedAnalyst } from '../../support/openai-mock.js';
import { REASONS, seedAuthProject } from '../llm/fixture.js';
import { llmEnv } from '../llm/setup.js';

const env = await llmEnv();
await seedAuthProject(env);

beforeEach(() => {
  env.server.use(
    openaiHandler(scriptedAnalyst({ reasons: REASONS })),
    // the CLI talks HTTP to a Sift at sift.test, served by this app
    http.all('http://sift.test/*', ({ request }) => env.app.fetch(request)),
  );
});

function sink() {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
  return { stream, text: () => text };
}

async function cli(...argv: string[]) {
  const out = sink();
  const err = sink();
  const code = await run({ argv, url: 'http://sift.test', key: env.adminKey, out: out.stream, err: err.stream, tty: false });
  return { code, out: out.text(), err: err.text() };
}

describe('sift ask', () => {
  it('prints the stages live, then the themes table', async () => {
    const r = await cli('why are calls failing authentication?', '--project', 'auth', '--seed', '5', '--failures', '30', '--successes', '30');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^plan: qualitative on "Auth: verified" = false vs true/m);
    expect(r.err).toMatch(/^sample smp_\w+: failures 30 of 40, successes 30 of 40$/m);
    expect(r.err).toMatch(/^estimate: ~\d+ tokens in ~\d+ calls/m);
    expect(r.err).toMatch(/^read 60\/60$/m);
    expect(r.err).toMatch(/^themes: \d candidate reasons/m);
    expect(r.out).toMatch(/# {2}reason\s+failures\s+successes\s+lift\s+est\. affected/);
    expect(r.out).toMatch(/Date of birth did not match\s+\d+% \(\d+%-\d+%\)\s+0%\s+-\s+\d+/);
    expect(r.out).toContain('(not distinctive)');
    expect(r.out).toMatch(/engine llm \(gpt-4o-mini\), sample smp_/);
  });

  it('asks in a new thread and follows up in it', async () => {
    const first = await cli('why are calls failing authentication?', '--project', 'auth', '--new-thread', '--seed', '5');
    const thread = /^thread (thr_\w+)$/m.exec(first.err)![1]!;
    const next = await cli('show me examples of the first one', '--project', 'auth', '--thread', thread, '--json');
    expect(next.code).toBe(0);
    const answer = JSON.parse(next.out);
    expect(answer.themes).toHaveLength(1);
    expect(answer.themes[0].examples.length).toBeGreaterThan(0);
  });

  it('reports an API error and exits 1', async () => {
    const r = await cli('why are calls failing authentication?', '--project', 'auth', '--thread', 'thr_missing');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error 404');
  });

  it('refuses a missing project with usage', async () => {
    await expect(cli('why?')).rejects.toThrow('--project is required');
  });
});
