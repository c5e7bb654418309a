import type { EngineContext } from './context.js';
import { leaksPrompt } from './leak.js';
import { renderPrompt } from './prompts.js';
import { ThemesReplySchema, type Facet, type ProposedTheme } from './schemas.js';

const MAX_THEMES = 8;

function targetText(ctx: EngineContext): string {
  return `${ctx.plan.metric} is ${ctx.plan.target_values.map(String).join(' or ')}`;
}

/** Candidate reasons from the failures' facets, each with a checkable inclusion criterion. */
export async function proposeThemes(ctx: EngineContext, failures: Facet[], evidence?: string): Promise<ProposedTheme[]> {
  const facets = failures.map((f) => `- ${f.where_it_went_wrong} (${f.what_happened})`).join('\n');
  const messages = await renderPrompt('propose', {
    question: ctx.question,
    target: targetText(ctx),
    max_themes: String(MAX_THEMES),
    facets,
    evidence: evidence ? `Statistics from the offline engine (phrases more common in failures):\n${evidence}\n` : '',
  });
  const reply = await ctx.llm.structured({ name: 'themes', messages, schema: ThemesReplySchema, maxTokens: 2000, meter: ctx.meter });
  const seen = new Set<string>();
  const out: ProposedTheme[] = [];
  for (const t of reply.data.themes) {
    if (leaksPrompt(`${t.title} ${t.criterion}`)) {
      ctx.dropped.leaks++;
      continue;
    }
    const key = t.title.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ title: t.title.trim(), criterion: t.criterion.trim() });
  }
  return out.slice(0, MAX_THEMES);
}
