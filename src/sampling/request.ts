import { z } from 'zod';
import { MetricFilterSchema } from '../conversations/filter-types.js';

/** The most conversations one stratum may contribute, and one sample in all. */
export const MAX_PER_STRATUM = 1000;
export const MAX_TOTAL = 5000;

const Seed = z.union([
  z.number().int('must be an integer').min(0).max(Number.MAX_SAFE_INTEGER),
  z.string().min(1).max(128),
]);

const Label = z.string().trim().min(1).max(100);

/** A named group of values (boolean or categorical): `{"label": "failures", "values": ["failed", "partial"]}`. */
/** A stratum's own size under allocation "fixed", instead of per_stratum. */
const OwnSize = z.number().int('must be an integer').min(0).max(MAX_PER_STRATUM).optional();

const GroupSpec = z.strictObject({
  label: Label.optional(),
  n: OwnSize,
  values: z.array(z.union([z.boolean(), z.string().min(1)])).min(1).max(100),
});

/** A numeric range, lower bound inclusive, upper bound exclusive; an omitted bound is open. */
const RangeSpec = z
  .strictObject({ label: Label.optional(), n: OwnSize, min: z.number().finite().optional(), max: z.number().finite().optional() })
  .refine((r) => r.min !== undefined || r.max !== undefined, 'a range needs min, max or both')
  .refine((r) => r.min === undefined || r.max === undefined || r.min < r.max, 'min must be below max');

/** One stratum: a value (boolean or category), a named group of values, or a numeric range. */
export const StratumSpecSchema = z.union([z.boolean(), z.string().min(1), GroupSpec, RangeSpec]);
export type StratumSpec = z.infer<typeof StratumSpecSchema>;

export const ALLOCATIONS = ['fixed', 'equal', 'proportional'] as const;

export const SampleRequestSchema = z
  .strictObject({
    metric: z.string().min(1).describe('the metric whose values define the strata'),
    seed: Seed.optional().describe('same seed and same data give the same sample; omitted: a random seed, returned'),
    allocation: z
      .enum(ALLOCATIONS)
      .default('fixed')
      .describe('fixed: per_stratum from each; equal: total split equally; proportional: total split by population'),
    per_stratum: z.number().int('must be an integer').min(1).max(MAX_PER_STRATUM).optional(),
    total: z.number().int('must be an integer').min(1).max(MAX_TOTAL).optional(),
    strata: z
      .array(StratumSpecSchema)
      .min(1)
      .max(50)
      .optional()
      .describe('default: true and false for boolean metrics, each category for categorical ones; numeric metrics need ranges'),
    include_not_written: z.boolean().default(false).describe('add a stratum of conversations where the metric was never written'),
    start_time: z.iso.datetime({ offset: true }).optional().describe('default: end_time minus 30 days'),
    end_time: z.iso.datetime({ offset: true }).optional().describe('default: now'),
    environment: z.string().min(1).max(100).default('live'),
    channel: z.array(z.string().min(1).max(100)).min(1).max(20).optional(),
    filters: z.array(MetricFilterSchema).max(20).default([]).describe('other metric conditions, combined with AND'),
    transcript: z.boolean().optional().describe('true: only conversations with turns; false: only those without'),
    min_turns: z.number().int('must be an integer').min(0).max(100_000).optional(),
    exact_counts: z
      .boolean()
      .default(false)
      .describe('count each stratum exactly (cost grows with the stratum); default: exact up to 1,000, estimated from sample keys above (about ±6%, 95%)'),
  })
  .superRefine((r, ctx) => {
    if (r.allocation === 'fixed') {
      const allSized = !r.include_not_written && r.strata !== undefined && r.strata.every((s) => typeof s === 'object' && s.n !== undefined);
      if (r.per_stratum === undefined && !allSized) {
        ctx.addIssue({ code: 'custom', path: ['per_stratum'], message: 'is required when allocation is "fixed" (unless every stratum gives its own n)' });
      }
      if (r.total !== undefined) ctx.addIssue({ code: 'custom', path: ['total'], message: 'applies only to allocation "equal" or "proportional"' });
    } else {
      if (r.total === undefined) ctx.addIssue({ code: 'custom', path: ['total'], message: `is required when allocation is "${r.allocation}"` });
      if (r.per_stratum !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['per_stratum'], message: `applies only to allocation "fixed" (use total with "${r.allocation}")` });
      }
      r.strata?.forEach((s, i) => {
        if (typeof s === 'object' && s.n !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['strata', i, 'n'], message: 'applies only to allocation "fixed"' });
        }
      });
    }
  });

export type SampleRequestInput = z.input<typeof SampleRequestSchema>;
export type SampleRequest = z.output<typeof SampleRequestSchema>;
