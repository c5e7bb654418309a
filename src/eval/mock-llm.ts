import { setupServer } from 'msw/node';
import { matchPlan } from '../analyst/planner/match.js';
import { loadConfig } from '../config.js';
import type { MetricRow } from '../db/metrics.js';
import { createLlm } from '../llm/client.js';
import { OPENAI_TEST_ENV, openaiHandler, scriptedAnalyst, type PlantedReason } from '../../test/support/openai-mock.js';
import type { LabelledDataset } from './datasets/types.js';
import type { EvalEngine } from './run.js';

/**
 * What the scripted mock "model" recognises in each data set: a keyword reader, not a language
 * model. Its scores only show that the LLM pipeline runs end to end in CI with valid citations;
 * they say nothing about how well a real model reads.
 */
const MOCK_READINGS: Record<string, PlantedReason[]> = {
  'sgd-240': [
    { title: 'Another time offered and declined', criterion: 'The agent offered another time and the caller said no.', keywords: ['how about', 'instead', 'would you like'] },
    { title: 'Nothing available', criterion: 'The agent could not book and offered nothing else.', keywords: ['anything else', 'something else'] },
  ],
  demo: [
    { title: 'Date of birth did not match', criterion: 'The agent said the date of birth did not match.', keywords: ['date of birth does not match', "doesn't match", 'birth date'] },
    { title: 'No account number', criterion: 'The caller did not have an account number.', keywords: ["don't have", 'do not have'] },
    { title: 'Verification service down', criterion: 'The agent said the system was not responding.', keywords: ['system', 'not responding'] },
    { title: 'Postcode did not match', criterion: 'The postcode did not match.', keywords: ['postcode isn', 'address doesn'] },
    { title: 'Slot unavailable', criterion: 'The requested slot was not available.', keywords: ['no longer available', 'not available', 'fully booked'] },
    { title: 'Card declined', criterion: 'The deposit card was declined.', keywords: ['declined'] },
    { title: 'Caller will call back', criterion: 'The caller left to call back later.', keywords: ['call back'] },
  ],
};

/** The LLM pipeline against the msw mock at the real OpenAI wire format, with and without evidence. */
export function mockedLlmEngines(): EvalEngine[] {
  const config = loadConfig({ ...OPENAI_TEST_ENV, SIFT_LOG_LEVEL: 'silent', SIFT_DEMO: 'false', SIFT_SCHEDULER: 'false' });
  const llm = createLlm(config);
  const forDataset = (ds: LabelledDataset) => {
    const metrics = ds.data.metrics.map((m) => ({ name: m.name, type: m.type, categories: m.categories ?? null, archived_at: null }) as unknown as MetricRow);
    const server = setupServer(
      openaiHandler(
        scriptedAnalyst({
          reasons: MOCK_READINGS[ds.name] ?? [],
          plan: (question) => {
            const p = matchPlan(question, metrics, { now: ds.now, maxWindowDays: config.SIFT_MAX_WINDOW_DAYS });
            if (p.kind === 'clarification') return { action: 'clarify', kind: 'qualitative', measure: null, metric: null, target_values: [], contrast_values: [], window_start: null, window_end: null, interval: null, filters: [], clarifying_question: p.question, candidates: p.candidates.map((c) => c.metric), theme_index: null };
            return { action: 'plan', kind: p.kind, measure: p.measure ?? null, metric: p.metric, target_values: p.target_values.map(String), contrast_values: p.contrast_values.map(String), window_start: p.window.start, window_end: p.window.end, interval: p.interval ?? null, filters: [], clarifying_question: null, candidates: [], theme_index: null };
          },
        }),
      ),
    );
    server.listen({ onUnhandledRequest: 'error' });
    return () => server.close();
  };
  return [
    { name: 'llm (msw mock)', llm, config, forDataset },
    { name: 'llm (msw mock) + evidence', llm, config, options: { evidence: true }, forDataset },
  ];
}
