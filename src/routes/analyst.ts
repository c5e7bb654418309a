import { z } from 'zod';
import { AskOptionsSchema } from '../analyst/ask-options.js';
import { ask } from '../analyst/ask.js';
import { AnswerSchema, ClarificationSchema } from '../analyst/contract.js';
import { streamStages, wantsStream } from '../analyst/threads/stream.js';
import { listThreadPage, threadHistory } from '../analyst/threads/history.js';
import { openThread, postMessage } from '../analyst/threads/threads.js';
import type { Router } from '../http/router.js';

const Question = z.strictObject({
  question: z.string().trim().min(3).max(2000).describe('the question, in plain language'),
  options: AskOptionsSchema.default(AskOptionsSchema.parse({})),
});
const AnswerOrClarification = z.union([AnswerSchema, ClarificationSchema]);
const SSE = ['text/event-stream'];
const STREAM_NOTE = ' Send `Accept: text/event-stream` to receive the stages (plan, sample, estimate, progress, themes, answer) as server-sent events.';

export function analystRoutes(r: Router) {
  r.add(
    { method: 'post', path: '/v1/projects/:project/analyst/questions', scope: 'analyst:ask', tag: 'analyst', summary: `Ask a one-shot question.${STREAM_NOTE}`, body: Question, response: AnswerOrClarification, produces: SSE },
    ({ c, deps, project, body }) => {
      const run = (emit?: Parameters<typeof ask>[2]['emit']) => ask(deps, project, { question: body.question, options: body.options, ...(emit ? { emit } : {}) });
      return wantsStream(c) ? streamStages(c, deps.log, run) : run();
    },
  );
  r.add(
    {
      method: 'post',
      path: '/v1/projects/:project/analyst/threads',
      scope: 'analyst:ask',
      tag: 'analyst',
      summary: 'Open a chat thread with the analyst',
      body: z.strictObject({ title: z.string().trim().min(1).max(200).optional() }),
      status: 201,
    },
    ({ deps, project, principal, body }) => openThread(deps, project, principal.keyId, body.title),
  );
  r.add(
    {
      method: 'get',
      path: '/v1/projects/:project/analyst/threads',
      scope: 'analyst:ask',
      tag: 'analyst',
      summary: 'List threads, most recently active first',
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(500).optional() }),
    },
    ({ deps, project, query }) => listThreadPage(deps, project, query),
  );
  r.add(
    {
      method: 'post',
      path: '/v1/projects/:project/analyst/threads/:id/messages',
      scope: 'analyst:ask',
      tag: 'analyst',
      summary: `Ask in a thread: follow-ups resolve against its history.${STREAM_NOTE}`,
      body: Question,
      status: 201,
      produces: SSE,
    },
    ({ c, deps, project, params, body }) => {
      const run = (emit?: Parameters<typeof ask>[2]['emit']) => postMessage(deps, project, params.id!, body.question, body.options, emit);
      if (wantsStream(c)) return streamStages(c, deps.log, run);
      return run().then((res) => c.json(res, 201));
    },
  );
  r.add(
    {
      method: 'get',
      path: '/v1/projects/:project/analyst/threads/:id',
      scope: 'analyst:ask',
      tag: 'analyst',
      summary: "A thread's history: its questions and stored answers, in order",
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), after: z.coerce.number().int().min(0).optional() }),
    },
    ({ deps, project, params, query }) => threadHistory(deps, project, params.id!, query),
  );
}
