import { appendMessages, existingConversations, findThread, insertThread, recentMessages, type MessageRow, type ThreadRow } from '../../db/analyst-threads.js';
import type { ProjectRow } from '../../db/projects.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import type { AskOptions } from '../ask-options.js';
import { ask } from '../ask.js';
import type { Answer, Clarification, EmitEvent, Plan } from '../contract.js';
import type { Exchange } from './followup.js';

const HISTORY_MESSAGES = 12;

export function presentThread(t: ThreadRow) {
  return { id: t.id, title: t.title, created_at: t.created_at.toISOString(), updated_at: t.updated_at.toISOString() };
}

/**
 * A stored answer as it is served now: examples quoting a conversation that has since been
 * erased are dropped, so erasure reaches old answers too.
 */
export async function presentMessages(deps: Deps, project: ProjectRow, rows: MessageRow[]) {
  const cited = rows.flatMap((m) => ((m.answer as Answer | null)?.themes ?? []).flatMap((t) => t.examples.map((e) => e.conversation_id)));
  const alive = await existingConversations(deps.db, project.id, [...new Set(cited)]);
  return rows.map((m) => {
    const answer = m.answer as Answer | Clarification | null;
    const cleaned =
      answer && answer.kind !== 'clarification' && answer.themes
        ? { ...answer, themes: answer.themes.map((t) => ({ ...t, examples: t.examples.filter((e) => alive.has(e.conversation_id)) })) }
        : answer;
    return { id: m.id, seq: m.seq, role: m.role, content: m.content, ...(cleaned ? { answer: cleaned } : {}), sample_id: m.sample_id, created_at: m.created_at.toISOString() };
  });
}

export async function openThread(deps: Deps, project: ProjectRow, by: string | null, title: string | undefined) {
  const row = await insertThread(deps.db, { id: deps.ids.make('thr'), project_id: project.id, title: title ?? 'New thread', created_by: by, now: deps.clock.now() });
  return presentThread(row);
}

export async function requireThread(deps: Deps, project: ProjectRow, id: string) {
  const t = await findThread(deps.db, project.id, id);
  if (!t) throw notFound(`Thread "${id}"`);
  return t;
}

function toExchanges(rows: MessageRow[]): Exchange[] {
  const out: Exchange[] = [];
  for (const m of rows) {
    if (m.role === 'user') out.push({ question: m.content, plan: null, answer: null });
    else if (out.length) {
      const last = out[out.length - 1]!;
      last.answer = m.answer as Answer | Clarification | null;
      last.plan = (m.plan as Plan | null) ?? null;
    }
  }
  return out;
}

/** Asks in a thread: the question is resolved against the thread's history, and both are stored. */
export async function postMessage(deps: Deps, project: ProjectRow, threadId: string, question: string, options: AskOptions, emit?: EmitEvent) {
  const thread = await requireThread(deps, project, threadId);
  const history = toExchanges(await recentMessages(deps.db, thread.id, HISTORY_MESSAGES));
  const answer = await ask(deps, project, { question, history, options, ...(emit ? { emit } : {}) });
  const plan = answer.kind === 'clarification' ? null : answer.plan;
  const ids = [deps.ids.make('msg'), deps.ids.make('msg')];
  const [, seq] = await appendMessages(deps.db, thread.id, deps.clock.now(), [
    { id: ids[0]!, role: 'user', content: question },
    { id: ids[1]!, role: 'analyst', content: answer.kind === 'clarification' ? answer.question : answer.summary, plan, answer, sample_id: answer.kind === 'clarification' ? null : (answer.sample_id ?? null) },
  ]);
  return { thread_id: thread.id, message_id: ids[1]!, seq: seq!, answer };
}
