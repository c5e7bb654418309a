import { SiftConversation } from './conversation.js';
import { seg, Transport, type SiftOptions } from './transport.js';
import type { BatchResult, BatchWrite, LintWarning, MetricDefinition, NewMetricDefinition } from './types.js';

/**
 * Typed client for the Sift API, on fetch only (Node 20+, Workers, browsers).
 *
 *   const sift = new Sift({ baseUrl, apiKey });
 *   const conv = sift.conversation('demo', callId);
 *   await conv.writeMetric('Auth: verified', true);
 */
export class Sift {
  readonly #t: Transport;
  constructor(opts: SiftOptions) {
    this.#t = new Transport(opts);
  }

  conversation(project: string, conversationId: string): SiftConversation {
    return new SiftConversation(this.#t, project, conversationId);
  }

  /** Up to 1,000 writes across conversations, applied all or nothing. */
  writeMetrics(project: string, writes: BatchWrite[], opts: { idempotencyKey?: string } = {}): Promise<BatchResult> {
    return this.#t.request<BatchResult>('POST', `/v1/projects/${seg(project)}/metric-writes`, { writes }, opts);
  }

  /** Metric definitions of one project. */
  metrics(project: string) {
    const t = this.#t;
    const base = `/v1/projects/${seg(project)}/metrics`;
    return {
      create: (def: NewMetricDefinition) => t.request<MetricDefinition & { warnings: LintWarning[] }>('POST', base, def),
      get: (name: string) => t.request<MetricDefinition>('GET', `${base}/${seg(name)}`),
      list: async (opts: { includeArchived?: boolean } = {}): Promise<MetricDefinition[]> => {
        const out: MetricDefinition[] = [];
        let cursor: string | null = null;
        do {
          const qs = new URLSearchParams({ limit: '500', ...(opts.includeArchived ? { include_archived: 'true' } : {}), ...(cursor ? { cursor } : {}) });
          const page: { data: MetricDefinition[]; next_cursor: string | null } = await t.request('GET', `${base}?${qs}`);
          out.push(...page.data);
          cursor = page.next_cursor;
        } while (cursor);
        return out;
      },
      update: (name: string, patch: Partial<Pick<MetricDefinition, 'definition' | 'flow' | 'categories' | 'min' | 'max'>>) =>
        t.request<MetricDefinition>('PATCH', `${base}/${seg(name)}`, patch),
      archive: (name: string) => t.request<MetricDefinition>('POST', `${base}/${seg(name)}/archive`),
      unarchive: (name: string) => t.request<MetricDefinition>('POST', `${base}/${seg(name)}/unarchive`),
      lint: () => t.request<{ warnings: LintWarning[] }>('GET', `${base}/lint`),
    };
  }
}
