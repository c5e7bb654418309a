import type { Principal } from '../auth/keys.js';
import { hashSecret } from '../auth/secrets.js';
import { eraseConversation, insertErasure } from '../db/conversations-erase.js';
import type { ProjectRow } from '../db/projects.js';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';

/** The audit record names the subject only by this hash: whoever holds the id can check it. */
export const subjectHash = (projectId: string, id: string) => hashSecret(`${projectId}:${id}`);

/**
 * DELETE /conversations/{id}: the transcript, metric values, writes and everything derived from
 * them go in one transaction; a content-free record stays (hash, who, when, how many rows).
 */
export async function eraseOne(deps: Deps, principal: Principal, project: ProjectRow, id: string) {
  const hash = await subjectHash(project.id, id);
  const record = await deps.db.transaction().execute(async (tx) => {
    const counts = await eraseConversation(tx, project.id, id);
    if (!counts) return null;
    return insertErasure(tx, {
      id: deps.ids.make('era'),
      project_id: project.id,
      subject_hash: hash,
      erased_by: principal.keyId,
      turns_erased: counts.turns,
      writes_erased: counts.writes,
    }).then((r) => ({ ...r, ...counts }));
  });
  if (!record) throw notFound(`Conversation "${id}"`);
  return {
    erasure_id: record.id,
    subject_hash: hash,
    erased_at: record.erased_at.toISOString(),
    turns_erased: record.turns,
    writes_erased: record.writes,
  };
}
