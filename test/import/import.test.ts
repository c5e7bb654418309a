import { mkdtempSync, writeFileSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as importCommand from '../../src/cli/commands/import.js';
import { checkpointPath } from '../../src/conversations/import/checkpoint.js';
import { testEnv } from '../support/deps.js';
import { getJson, makeProject } from '../conversations/fixtures.js';
import { listen, runCommand } from '../conversations/server.js';

const env = await testEnv();
const url = await listen(env);
const dir = mkdtempSync(join(tmpdir(), 'sift-import-'));
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const sift = (argv: string[]) => runCommand(importCommand, url, env.adminKey, argv);

type Obj = { id: string; metrics: Record<string, unknown>; turns: { role: string; text: string }[]; metadata: Record<string, unknown>; channel: string; handoff_destination: string | null; total_duration: number | null; in_progress: boolean; state: Record<string, unknown> };

describe('sift import', () => {
  it('refuses rows whose metrics the project lacks, naming line and reason', async () => {
    await makeProject(env, 'strict');
    const r = await sift([fixture('sgd-slice.jsonl'), '--project', 'strict']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/rejected line 1 \(sgd-[^)]+\): metric "[^"]+" is not defined in this project/);
    expect(r.err).toMatch(/0 imported, 15 rejected/);
    const list = await getJson<{ data: unknown[] }>(env, '/v1/projects/strict/conversations');
    expect(list.body.data).toHaveLength(0);
  });

  it('imports the shared-data shape with --create-metrics, inferring metric types', async () => {
    await makeProject(env, 'sgd');
    const r = await sift([fixture('sgd-slice.jsonl'), '--project', 'sgd', '--create-metrics']);
    expect(r.err).toMatch(/15 imported, 0 rejected/);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/created categorical metric "Booking: outcome"/);
    expect(r.err).toMatch(/created boolean metric "Booking: completed"/);
    const metrics = await getJson<{ data: { name: string; type: string; categories: string[] | null }[] }>(env, '/v1/projects/sgd/metrics');
    const outcome = metrics.body.data.find((m) => m.name === 'Booking: outcome')!;
    expect(outcome.categories).toEqual(['completed', 'failed', 'not requested', 'partially completed']);
    const list = await getJson<{ data: Obj[] }>(env, '/v1/projects/sgd/conversations?limit=100&metric[Booking: outcome]=failed');
    expect(list.body.data).toHaveLength(3);
    const one = list.body.data[0]!;
    expect(one.metrics['Booking: completed']).toBe(false);
    expect(one.turns.length).toBeGreaterThan(2);
    expect(one.metadata.domain).toBeDefined();
    expect(JSON.stringify(list.body)).not.toContain('failure_reasons');
  });

  it('resumes from a checkpoint and never writes a metric twice', async () => {
    const file = join(dir, 'resume.jsonl');
    copyFileSync(fixture('sgd-slice.jsonl'), file);
    await makeProject(env, 'resume');
    writeFileSync(checkpointPath(file, 'resume'), JSON.stringify({ line: 10 }));
    const first = await sift([file, '--project', 'resume', '--create-metrics']);
    expect(first.err).toMatch(/resuming after line 10/);
    expect(first.err).toMatch(/5 imported, 0 rejected, 10 skipped/);
    expect(existsSync(checkpointPath(file, 'resume'))).toBe(false);
    const all = await sift([file, '--project', 'resume']);
    expect(all.err).toMatch(/15 imported/);
    const again = await sift([file, '--project', 'resume', '--restart']);
    expect(again.err).toMatch(/15 imported/);
    const counts = await env.deps.db
      .selectFrom('conversation_metrics')
      .innerJoin('projects', 'projects.id', 'conversation_metrics.project_id')
      .select((eb) => eb.fn.max('write_count').as('max'))
      .where('projects.slug', '=', 'resume')
      .executeTakeFirstOrThrow();
    expect(Number(counts.max)).toBe(1);
  });

  it('reports each bad row with its line and reason, and imports the rest', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'ok-1', started_at: '2026-01-01T00:00:00Z', turns: [{ role: 'user', text: 'hi' }] }),
        '{not json',
        '',
        JSON.stringify({ id: 'no-start', turns: [] }),
        JSON.stringify({ id: 'bad-role', started_at: '2026-01-01T00:00:00Z', turns: [{ role: 'bot', text: 'x' }] }),
        JSON.stringify({ id: 'bad/id', started_at: '2026-01-01T00:00:00Z' }),
        JSON.stringify({ id: 'ok-2', started_at: '2026-01-02T00:00:00Z', channel: 'sms' }),
      ].join('\n'),
    );
    await makeProject(env, 'bad');
    const r = await sift([file, '--project', 'bad']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/rejected line 2: not valid JSON/);
    expect(r.err).toMatch(/rejected line 4 \(no-start\): started_at: /);
    expect(r.err).toMatch(/rejected line 5 \(bad-role\): turns\.0\.role: /);
    expect(r.err).toMatch(/rejected line 6: id: /);
    expect(r.err).toMatch(/2 imported, 4 rejected/);
  });

  it('imports PolyAI Conversations API v3 exports (user_input / agent_response pairs)', async () => {
    await makeProject(env, 'polyai');
    const r = await sift([fixture('polyai-v3.json'), '--project', 'polyai', '--create-metrics']);
    expect(r.err).toMatch(/2 imported, 1 rejected/);
    expect(r.err).toMatch(/rejected line 3 \(CA-003\): started_at/);
    const a = (await getJson<Obj>(env, '/v1/projects/polyai/conversations/CA-001')).body;
    expect(a.turns.map((t) => t.role)).toEqual(['agent', 'user', 'agent']);
    expect(a).toMatchObject({ channel: 'voice', handoff_destination: 'front-desk', total_duration: 95, state: { booking_ref: 'B-12' } });
    expect(a.metrics['Booking: outcome']).toBe('failed');
    expect(a.metadata.variant_id).toBe('v2');
    const b = (await getJson<Obj>(env, '/v1/projects/polyai/conversations/CA-002')).body;
    expect(b.in_progress).toBe(true);
    expect(b.metrics['Booking: completed']).toEqual([false, true]);
  });
});
