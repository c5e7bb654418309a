import { z } from 'zod';

/** Response shapes, for /openapi.json. */
const Scalar = z.union([z.boolean(), z.string(), z.number()]);

export const WithheldShape = z.object({
  turns: z.string().optional(),
  metrics: z.array(z.string()).optional(),
  metrics_reason: z.string().optional(),
});

export const ConversationShape = z.object({
  id: z.string(),
  project_id: z.string(),
  environment: z.string(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  channel: z.string().nullable(),
  in_progress: z.boolean(),
  num_turns: z.number(),
  total_duration: z.number().nullable(),
  handoff: z.boolean(),
  handoff_reason: z.string().nullable(),
  handoff_destination: z.string().nullable(),
  state: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.union([Scalar, z.null(), z.array(Scalar)])),
  turns: z.array(z.object({ role: z.string(), text: z.string(), at: z.string().nullable(), name: z.string().nullable() })),
  metric_history: z
    .array(z.object({ metric: z.string(), value: Scalar, written_at: z.string(), source: z.string().nullable(), write_once: z.boolean(), ignored: z.boolean() }))
    .optional(),
  withheld: WithheldShape,
});

export const ListShape = z.object({ data: z.array(ConversationShape), next_cursor: z.string().nullable(), withheld: WithheldShape });

export const IngestShape = z.object({ id: z.string(), project_id: z.string(), created: z.boolean(), num_turns: z.number() });

export const ViewShape = z.object({ id: z.string(), name: z.string(), query: z.string(), url: z.string(), export_url: z.string(), created_at: z.string() });

export const ErasureShape = z.object({
  erasure_id: z.string(),
  subject_hash: z.string(),
  erased_at: z.string(),
  turns_erased: z.number(),
  writes_erased: z.number(),
});
