import { z } from 'zod';
import type { Router } from '../http/router.js';
import { BatchBody, WriteBody, WriteShape } from '../metrics/write-schema.js';
import { writeBatch, writeOne } from '../metrics/write-api.js';

const tag = 'metric writes';

export function writeRoutes(r: Router) {
  r.add(
    {
      method: 'post',
      path: '/v1/projects/:project/conversations/:conversation_id/metrics',
      scope: 'metrics:write',
      tag,
      summary: 'Write a metric on a conversation (conv.writeMetric); creates the conversation if it is not there yet',
      body: WriteBody,
      status: 201,
      response: WriteShape,
    },
    ({ deps, project, params, body }) => writeOne(deps, project.id, params.conversation_id!, body),
  );
  r.add(
    {
      method: 'post',
      path: '/v1/projects/:project/metric-writes',
      scope: 'metrics:write',
      tag,
      summary: 'Up to 1,000 writes across conversations, all or nothing',
      body: BatchBody,
      status: 201,
      response: z.object({ data: z.array(WriteShape), applied: z.number(), ignored: z.number() }),
    },
    ({ deps, project, body }) => writeBatch(deps, project.id, body.writes),
  );
}
