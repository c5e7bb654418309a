import { z } from 'zod';
import { MAX_BATCH } from './write.js';

const Value = z.union([z.boolean(), z.string(), z.number()]).nullable().optional().describe('boolean: true/false (omitted: true); categorical: a category; numeric: a finite number');
const Source = z.string().min(1).max(200).nullable().optional().describe('who wrote it: a flow, function or service name');

export const WriteBody = z
  .object({
    name: z.string().min(1, 'is required').max(100),
    value: Value,
    write_once: z.boolean().optional().describe('ignored if the metric already has a value here; once applied, locks the value'),
    source: Source,
  })
  .strict();

export const BatchItem = WriteBody.extend({ conversation_id: z.string().min(1).max(256) }).strict();
export const BatchBody = z.object({ writes: z.array(BatchItem).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} writes per request`) }).strict();

export const WriteShape = z.object({
  id: z.number(),
  conversation_id: z.string(),
  name: z.string(),
  value: z.union([z.boolean(), z.string(), z.number()]),
  write_once: z.boolean(),
  source: z.string().nullable(),
  ignored: z.boolean(),
  ignored_reason: z.enum(['write_once_existing_value', 'locked']).nullable(),
  ignored_detail: z.string().nullable(),
  written_at: z.string(),
});
export type WriteResponse = z.infer<typeof WriteShape>;
