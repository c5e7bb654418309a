import type { Principal } from '../auth/keys.js';
import { findConversation, loadMetricHistory, loadMetricValues } from '../db/conversations-read.js';
import type { ProjectRow } from '../db/projects.js';
import { loadTurns } from '../db/turns.js';
import type { Deps } from '../deps.js';
import { notFound } from '../errors.js';
import { visibilityFor } from './list.js';
import { shapeConversation } from './shape.js';

/** GET /conversations/{id}: the object with every metric write (time, source, write_once, ignored). */
export async function getConversation(deps: Deps, principal: Principal, project: ProjectRow, id: string) {
  const row = await findConversation(deps.db, project.id, id);
  if (!row) throw notFound(`Conversation "${id}"`);
  const { vis, anyMetric, index } = await visibilityFor(deps, principal, project.id);
  const [metrics, history, turns] = await Promise.all([
    anyMetric ? loadMetricValues(deps.db, project.id, [id], index) : Promise.resolve([]),
    anyMetric ? loadMetricHistory(deps.db, project.id, id) : Promise.resolve([]),
    vis.turns ? loadTurns(deps.db, project.id, [id]) : Promise.resolve(null),
  ]);
  return shapeConversation(row, metrics, turns?.get(id), vis, history);
}
