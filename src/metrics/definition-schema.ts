import { z } from 'zod';

export const METRIC_TYPES = ['boolean', 'categorical', 'numeric'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

// Control characters would make names unreadable in lists and exports.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// Path segments that name routes beside /metrics/{name}.
const RESERVED = new Set(['lint', 'export', 'import', 'summary']);

export const MetricName = z
  .string()
  .min(1, 'must be 1 to 100 characters')
  .max(100, 'must be 1 to 100 characters')
  .refine((s) => s.trim() === s, 'must not start or end with whitespace')
  .refine((s) => !CONTROL.test(s), 'must not contain control characters')
  .refine((s) => !RESERVED.has(s.toLowerCase()), 'is reserved: /metrics/lint, /export, /import and /summary are routes of their own');

const Label = z
  .string()
  .max(100, 'must be at most 100 characters')
  .refine((s) => s.trim().length > 0, 'must not be empty')
  .refine((s) => s.trim() === s, 'must not start or end with whitespace');

export const Categories = z
  .array(Label)
  .min(2, 'a categorical metric needs 2 to 100 categories')
  .max(100, 'a categorical metric needs 2 to 100 categories')
  .superRefine((labels, ctx) => {
    const seen = new Set<string>();
    labels.forEach((l, i) => {
      if (seen.has(l)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate category "${l}"` });
      seen.add(l);
    });
  });

const Definition = z.string().max(10_000, 'must be at most 10,000 characters');
const Flow = z.string().min(1).max(200, 'must be at most 200 characters').nullable();
const Bound = z.number().refine(Number.isFinite, 'must be a finite number').nullable();

/** Type-dependent rules shared by create and by import. */
function typeRules(m: { type: MetricType; categories?: string[] | undefined; min?: number | null | undefined; max?: number | null | undefined }, ctx: z.RefinementCtx) {
  if (m.type === 'categorical' && !m.categories) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'required for a categorical metric (2 to 100 labels)' });
  if (m.type !== 'categorical' && m.categories !== undefined) ctx.addIssue({ code: 'custom', path: ['categories'], message: `only a categorical metric has categories (this one is ${m.type})` });
  for (const k of ['min', 'max'] as const) {
    if (m.type !== 'numeric' && m[k] !== undefined && m[k] !== null) ctx.addIssue({ code: 'custom', path: [k], message: `only a numeric metric has ${k} (this one is ${m.type})` });
  }
  if (typeof m.min === 'number' && typeof m.max === 'number' && m.min > m.max) ctx.addIssue({ code: 'custom', path: ['max'], message: `must be at least min (${m.min})` });
}

const MetricFields = z.object({
  name: MetricName,
  type: z.enum(METRIC_TYPES),
  categories: Categories.optional(),
  min: Bound.optional(),
  max: Bound.optional(),
  definition: Definition.optional().describe('what it measures, what counts as success, failure and partial, where in the flow it is written'),
  flow: Flow.optional().describe('the flow or function that writes it'),
});

export const CreateMetricBody = MetricFields.strict().superRefine(typeRules);
export type CreateMetricInput = z.infer<typeof CreateMetricBody>;

/** One metric in an import file: a definition plus whether it should be archived. */
export const ImportedMetric = MetricFields.extend({ archived: z.boolean().optional() }).strict().superRefine(typeRules);
export type ImportedMetricInput = z.infer<typeof ImportedMetric>;

/** Name and type are accepted only to say they cannot change; categories is the full new list. */
export const PatchMetricBody = z
  .object({
    name: z.string().optional(),
    type: z.string().optional(),
    categories: Categories.optional(),
    min: Bound.optional(),
    max: Bound.optional(),
    definition: Definition.optional(),
    flow: Flow.optional(),
  })
  .strict();
export type PatchMetricInput = z.infer<typeof PatchMetricBody>;

export const MetricShape = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(METRIC_TYPES),
  categories: z.array(z.string()).nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  definition: z.string(),
  flow: z.string().nullable(),
  archived_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Metric = z.infer<typeof MetricShape>;
