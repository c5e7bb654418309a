import { z } from 'zod';

/**
 * A condition on a metric's effective (last written) value. Shared by the Conversations API,
 * sampling, the analyst's plans and saved views; src/conversations/filters.ts turns a list of
 * them (combined with AND) into SQL.
 */
export const FILTER_OPS = ['eq', 'neq', 'in', 'exists', 'not_exists', 'lt', 'lte', 'gt', 'gte', 'between'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export const MetricFilterSchema = z.object({
  metric: z.string().min(1),
  op: z.enum(FILTER_OPS),
  value: z.unknown().optional(),
});
export type MetricFilter = z.infer<typeof MetricFilterSchema>;
