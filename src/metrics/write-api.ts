import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { applyWrites, ignoredReasonText, type WriteApplied, type WriteInput } from './write.js';
import type { BatchItem, WriteBody, WriteResponse } from './write-schema.js';

type Body = z.infer<typeof WriteBody>;

function present(r: WriteApplied): WriteResponse {
  return {
    id: r.id,
    conversation_id: r.conversation_id,
    name: r.name,
    value: r.value,
    write_once: r.write_once,
    source: r.source,
    ignored: r.ignored,
    ignored_reason: r.ignored_reason,
    ignored_detail: r.ignored_reason ? ignoredReasonText(r.ignored_reason) : null,
    written_at: r.written_at,
  };
}

const input = (conversationId: string, b: Body): WriteInput => ({ conversationId, name: b.name, value: b.value, writeOnce: b.write_once ?? false, source: b.source ?? null });

/** The HTTP form of conv.writeMetric(name, value, {writeOnce}). */
export async function writeOne(deps: Deps, projectId: string, conversationId: string, body: Body): Promise<WriteResponse> {
  const [r] = await applyWrites(deps.db, projectId, [input(conversationId, body)], {
    now: deps.clock.now(),
    pointer: (_i, f) => (f === 'conversation_id' ? '/path/conversation_id' : `/body/${f}`),
  });
  return present(r as WriteApplied);
}

/** Up to 1,000 writes, all or nothing; errors point at /body/writes/{i}/{field}. */
export async function writeBatch(deps: Deps, projectId: string, items: z.infer<typeof BatchItem>[]) {
  const results = await applyWrites(
    deps.db,
    projectId,
    items.map((b) => input(b.conversation_id, b)),
    { now: deps.clock.now(), pointer: (i, f) => `/body/writes/${i}/${f}` },
  );
  const data = results.map((r) => present(r as WriteApplied));
  return { data, applied: data.filter((d) => !d.ignored).length, ignored: data.filter((d) => d.ignored).length };
}
