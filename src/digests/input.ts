import { z } from 'zod';
import { isValidZone } from '../trends/zone.js';
import { scheduleProblem } from './cron.js';

export const TargetInput = z.strictObject({
  type: z.enum(['webhook', 'slack']),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
  secret: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
});

const fields = {
  name: z.string().trim().min(1).max(200),
  schedule: z.string().trim().min(1).max(100),
  timezone: z.string().refine(isValidZone, 'must be an IANA time zone such as Europe/London'),
  metrics: z.union([z.literal('all'), z.array(z.string().min(1).max(200)).min(1).max(100)]),
  window_days: z.number().int().min(1).max(366),
  targets: z.array(TargetInput).min(1).max(10),
  enabled: z.boolean(),
};

/** the schedule is checked in its time zone, so both errors point at the right field */
const scheduleRule = (d: { schedule?: string | undefined; timezone?: string | undefined }, ctx: z.RefinementCtx) => {
  if (d.schedule === undefined) return;
  const problem = scheduleProblem(d.schedule, d.timezone ?? 'UTC');
  if (problem) ctx.addIssue({ code: 'custom', path: ['schedule'], message: problem });
};

export const CreateDigestBody = z
  .strictObject({ ...fields, timezone: fields.timezone.default('UTC'), window_days: fields.window_days.default(7), enabled: fields.enabled.default(true) })
  .superRefine(scheduleRule);
export type CreateDigestInput = z.output<typeof CreateDigestBody>;

export const PatchDigestBody = z
  .strictObject({
    name: fields.name.optional(),
    schedule: fields.schedule.optional(),
    timezone: fields.timezone.optional(),
    metrics: fields.metrics.optional(),
    window_days: fields.window_days.optional(),
    targets: fields.targets.optional(),
    enabled: fields.enabled.optional(),
  })
  .superRefine(scheduleRule);
export type PatchDigestInput = z.output<typeof PatchDigestBody>;

export const RunDigestBody = z.strictObject({ period_end: z.iso.datetime({ offset: true }).optional() });

export const RunsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
