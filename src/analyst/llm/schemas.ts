import { z } from 'zod';

// What the model must return at each stage. Written for strict structured outputs: every field
// required, nullable where it may be absent. Lengths are bounded so a runaway reply is rejected.

const Quote = z.object({ turn: z.number().int(), text: z.string().max(400) });

export const FacetSchema = z.object({
  ref: z.string().max(20),
  what_happened: z.string().max(400),
  where_it_went_wrong: z.string().max(400),
  turns: z.array(z.number().int()).max(10),
  quotes: z.array(Quote).max(3),
});
export type Facet = z.infer<typeof FacetSchema>;
export const FacetsReplySchema = z.object({ conversations: z.array(FacetSchema).max(200) });

export const ThemesReplySchema = z.object({
  themes: z.array(z.object({ title: z.string().min(1).max(120), criterion: z.string().min(1).max(400) })).max(12),
});
export type ProposedTheme = z.infer<typeof ThemesReplySchema>['themes'][number];

export const ChecksReplySchema = z.object({
  calls: z
    .array(
      z.object({
        ref: z.string().max(20),
        met: z.array(z.object({ reason: z.number().int(), turn: z.number().int(), quote: z.string().max(400) })).max(12),
      }),
    )
    .max(200),
});
export type CheckReply = z.infer<typeof ChecksReplySchema>;
