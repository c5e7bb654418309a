import { PromptTemplate } from '@langchain/core/prompts';
import type { LlmMessage } from '../../llm/types.js';
import { PROMPT_FILES } from './prompt-bundle.js';

export type PromptName = 'plan' | 'read' | 'propose' | 'check';

interface Loaded {
  system: PromptTemplate;
  user: PromptTemplate;
  /** the system text with its placeholders, for the leak guard */
  systemText: string;
}

const cache = new Map<PromptName, Loaded>();

/** prompts/<name>.md: an intent comment, then `## system` and `## user` sections with {{var}}s. */
function load(name: PromptName): Loaded {
  const hit = cache.get(name);
  if (hit) return hit;
  // prompts/*.md, bundled into prompt-bundle.ts so every runtime (Workers too) has them
  const file = PROMPT_FILES[name];
  const m = /^<!--[^]*?-->\s*## system\n([^]*?)\n## user\n([^]*)$/.exec(file);
  if (!m) throw new Error(`prompts/${name}.md must have an intent comment, then "## system" and "## user" sections`);
  const loaded = {
    system: PromptTemplate.fromTemplate(m[1]!.trim(), { templateFormat: 'mustache' }),
    user: PromptTemplate.fromTemplate(m[2]!.trim(), { templateFormat: 'mustache' }),
    systemText: m[1]!.trim(),
  };
  cache.set(name, loaded);
  return loaded;
}

/** Renders a prompt into chat messages; values are inserted verbatim, never re-parsed as a template. */
export async function renderPrompt(name: PromptName, vars: Record<string, string>): Promise<LlmMessage[]> {
  const p = load(name);
  const pick = (t: PromptTemplate) => Object.fromEntries(t.inputVariables.map((v) => [v, vars[v] ?? '']));
  return [
    { role: 'system', content: await p.system.format(pick(p.system)) },
    { role: 'user', content: await p.user.format(pick(p.user)) },
  ];
}

export function systemTexts(): string[] {
  return (['plan', 'read', 'propose', 'check'] as const).map((n) => load(n).systemText);
}
