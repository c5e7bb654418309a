import { z } from 'zod';
import { ApiConfigBody, readApiConfig, writeApiConfig } from '../conversations/api-config.js';
import { getConversation } from '../conversations/detail.js';
import { eraseOne } from '../conversations/erase.js';
import { exportConversations } from '../conversations/export.js';
import { appendTurns, ingestConversation } from '../conversations/ingest.js';
import { AppendTurnsBody, ConversationBody, ConversationId } from '../conversations/ingest-schema.js';
import { ListQuery } from '../conversations/list-params.js';
import { listConversations } from '../conversations/list.js';
import { ConversationShape, ErasureShape, IngestShape, ListShape, ViewShape } from '../conversations/schemas.js';
import { CreateViewBody, createView, listProjectViews, removeView } from '../conversations/views.js';
import { parseWith } from '../http/input.js';
import type { Router } from '../http/router.js';

const BASE = '/v1/projects/:project/conversations';
const conversationId = (params: Record<string, string>) => parseWith(ConversationId, params.id, '/path/id', 'conversation id');
const baseUrl = (publicUrl: string | undefined, requestUrl: string) => (publicUrl ?? new URL(requestUrl).origin).replace(/\/+$/, '');

export function conversationRoutes(r: Router) {
  r.add(
    { method: 'get', path: BASE, scope: 'conversations:read', tag: 'conversations', summary: 'List conversations (filters, full-text query, keyset pages)', query: ListQuery, response: ListShape },
    ({ deps, principal, project, query }) => listConversations(deps, principal, project, query),
  );
  // Before `${BASE}/:id`, which would otherwise take "export" for an id.
  r.add(
    {
      method: 'get',
      path: `${BASE}/export`,
      scope: 'conversations:read',
      tag: 'conversations',
      summary: 'Export conversations as NDJSON or CSV, streamed (gzip when accepted)',
      query: ListQuery,
      produces: ['application/x-ndjson', 'text/csv'],
    },
    ({ c, deps, principal, project, query }) => exportConversations(deps, principal, project, query, c.req.header('accept-encoding')),
  );
  r.add(
    { method: 'get', path: `${BASE}/:id`, scope: 'conversations:read', tag: 'conversations', summary: 'One conversation with its full metric history', response: ConversationShape },
    ({ deps, principal, project, params }) => getConversation(deps, principal, project, conversationId(params)),
  );
  r.add(
    { method: 'put', path: `${BASE}/:id`, scope: 'conversations:write', tag: 'conversations', summary: 'Create or replace a conversation (transcript and fields)', body: ConversationBody, response: IngestShape },
    async ({ c, deps, project, params, body }) => {
      const out = await ingestConversation(deps, project.id, conversationId(params), body);
      return c.json(out.body, out.created ? 201 : 200);
    },
  );
  r.add(
    { method: 'post', path: `${BASE}/:id/turns`, scope: 'conversations:write', tag: 'conversations', summary: 'Append turns to a live conversation', body: AppendTurnsBody, response: IngestShape },
    async ({ c, deps, project, params, body }) => {
      const out = await appendTurns(deps, project.id, conversationId(params), body);
      return c.json(out.body, out.created ? 201 : 200);
    },
  );
  r.add(
    { method: 'delete', path: `${BASE}/:id`, scope: 'admin', tag: 'conversations', summary: 'Erase a conversation and everything derived from it', response: ErasureShape },
    ({ deps, principal, project, params }) => eraseOne(deps, principal, project, conversationId(params)),
  );
  r.add(
    { method: 'get', path: '/v1/projects/:project/api-config', scope: 'admin', tag: 'conversations', summary: 'Which metrics and whether transcripts responses serve', response: ApiConfigBody },
    ({ deps, project }) => readApiConfig(deps, project),
  );
  r.add(
    { method: 'put', path: '/v1/projects/:project/api-config', scope: 'admin', tag: 'conversations', summary: 'Set which metrics and whether transcripts responses serve', body: ApiConfigBody, response: ApiConfigBody },
    ({ deps, project, body }) => writeApiConfig(deps, project, body),
  );
  r.add(
    { method: 'post', path: '/v1/projects/:project/views', scope: 'conversations:write', tag: 'conversations', summary: 'Save a named filter set', body: CreateViewBody, status: 201, response: ViewShape },
    ({ c, deps, principal, project, body }) => createView(deps, principal, project, body, baseUrl(deps.config.PUBLIC_URL, c.req.url)),
  );
  r.add(
    { method: 'get', path: '/v1/projects/:project/views', scope: 'conversations:read', tag: 'conversations', summary: 'List saved views with their shareable URLs', response: z.object({ data: z.array(ViewShape) }) },
    ({ c, deps, project }) => listProjectViews(deps, project, baseUrl(deps.config.PUBLIC_URL, c.req.url)),
  );
  r.add(
    { method: 'delete', path: '/v1/projects/:project/views/:id', scope: 'conversations:write', tag: 'conversations', summary: 'Delete a saved view', status: 204 },
    async ({ deps, project, params }) => {
      await removeView(deps, project, params.id ?? '');
    },
  );
}
