import { z } from 'zod';
import { FrameEntrySchema } from '../analyst/contract.js';
import { EXPORT_FORMATS } from './export.js';

const MemberShape = z
  .object({
    id: z.string(),
    stratum: z.string(),
    erased: z.boolean().describe('true when the conversation was erased after the draw: it keeps its place, nothing else'),
    metrics: z.record(z.string(), z.unknown()),
    turns: z.array(z.unknown()),
  })
  .loose()
  .describe('the conversation object of the Conversations API, plus its stratum');

/** The documented response of POST and GET samples. */
export const SampleShape = z.object({
  id: z.string(),
  project_id: z.string(),
  created_at: z.string(),
  metric: z.string(),
  seed: z.union([z.number(), z.string()]),
  allocation: z.enum(['fixed', 'equal', 'proportional']),
  per_stratum: z.number().nullable(),
  total: z.number().nullable(),
  strata: z.array(z.record(z.string(), z.unknown())),
  window: z.object({ start: z.string(), end: z.string() }),
  filters: z.record(z.string(), z.unknown()),
  frame: z.array(FrameEntrySchema),
  conversations: z.array(MemberShape),
  withheld: z.record(z.string(), z.unknown()),
});

export const ExportQuery = z.strictObject({ format: z.enum(EXPORT_FORMATS).default('ndjson') });

export const SampleId = z.string().regex(/^smp_[a-z0-9]{1,64}$/, 'must be a sample id like smp_...');
