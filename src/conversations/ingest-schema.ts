import { z } from 'zod';

export const CHANNELS = ['voice', 'webchat', 'chat', 'sms'] as const;
export const ENVIRONMENTS = ['live', 'sandbox', 'pre-release'] as const;
export const ROLES = ['user', 'agent', 'function', 'system'] as const;

const when = z.iso.datetime({ offset: true });

export const TurnInput = z.object({
  role: z.enum(ROLES),
  text: z.string().max(100_000),
  at: when.optional(),
  name: z.string().min(1).max(200).optional().describe('function name, for function turns'),
});
export type TurnInput = z.infer<typeof TurnInput>;

export const MAX_TURNS = 5000;

/** PUT /conversations/{id}: the whole conversation; fields left out take their defaults. */
export const ConversationBody = z
  .object({
    started_at: when,
    ended_at: when.nullable().optional(),
    channel: z.enum(CHANNELS).nullable().optional(),
    environment: z.enum(ENVIRONMENTS).default('live'),
    in_progress: z.boolean().default(false),
    handoff: z
      .object({ to: z.string().min(1).max(200), reason: z.string().min(1).max(500).nullable().optional() })
      .nullable()
      .optional(),
    state: z.record(z.string(), z.unknown()).default({}),
    turns: z.array(TurnInput).max(MAX_TURNS).default([]),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .refine((b) => !b.ended_at || Date.parse(b.ended_at) >= Date.parse(b.started_at), { path: ['ended_at'], message: 'must not be before started_at' });
export type ConversationInput = z.output<typeof ConversationBody>;

/** POST /conversations/{id}/turns: appends to a live conversation without resending it. */
export const AppendTurnsBody = z
  .object({
    turns: z.array(TurnInput).min(1).max(MAX_TURNS),
    started_at: when.optional().describe('used only when the conversation does not exist yet'),
    in_progress: z.boolean().optional(),
    ended_at: when.nullable().optional(),
    environment: z.enum(ENVIRONMENTS).optional().describe('used only when the conversation does not exist yet'),
    channel: z.enum(CHANNELS).optional().describe('used only when the conversation does not exist yet'),
  })
  .strict();
export type AppendTurnsInput = z.output<typeof AppendTurnsBody>;

/** Conversation ids come from the agent platform: printable, no slashes, bounded. */
export const ConversationId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s/]+$/, 'must be 1 to 200 characters without spaces or slashes');
