import type { Transport } from './transport.js';
import { seg } from './transport.js';
import type { MetricValue, MetricWrite, WriteOptions } from './types.js';

/** The function-logic helper: metrics written against one conversation. */
export class SiftConversation {
  constructor(
    private readonly transport: Transport,
    readonly project: string,
    readonly id: string,
  ) {}

  /**
   * Writes a metric. A boolean metric written without a value records `true`. With
   * `writeOnce`, the write is ignored if the metric already has a value on this conversation
   * (the result says `ignored: true`), and once applied it locks the value.
   */
  writeMetric(name: string, value?: MetricValue | null, opts: WriteOptions = {}): Promise<MetricWrite> {
    return this.transport.request<MetricWrite>(
      'POST',
      `/v1/projects/${seg(this.project)}/conversations/${seg(this.id)}/metrics`,
      {
        name,
        ...(value !== undefined ? { value } : {}),
        ...(opts.writeOnce ? { write_once: true } : {}),
        ...(opts.source !== undefined ? { source: opts.source } : {}),
      },
      opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {},
    );
  }

  /** Shorthand for `writeMetric(name, value, { writeOnce: true })`. */
  writeMetricOnce(name: string, value?: MetricValue | null, opts: Omit<WriteOptions, 'writeOnce'> = {}): Promise<MetricWrite> {
    return this.writeMetric(name, value, { ...opts, writeOnce: true });
  }
}
