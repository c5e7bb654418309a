import { describe, expect, it } from 'vitest';
import { renderBundle } from '../../../src/analyst/llm/bundle-prompts.js';
import { PROMPT_FILES } from '../../../src/analyst/llm/prompt-bundle.js';
import { renderPrompt } from '../../../src/analyst/llm/prompts.js';

describe('prompts', () => {
  it('the bundle matches prompts/*.md (regenerate: npx tsx src/analyst/llm/bundle-prompts.ts)', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(new URL('../../../src/analyst/llm/prompt-bundle.ts', import.meta.url), 'utf8')).toBe(renderBundle());
  });

  it('each file states its intent and has a system and a user part', () => {
    for (const text of Object.values(PROMPT_FILES)) expect(text).toMatch(/^<!-- intent: .+ -->\n## system\n[^]+\n## user\n/);
  });

  it('inserts values verbatim, never re-reading them as a template', async () => {
    const [system, user] = await renderPrompt('read', { question: 'why {{question}}?', transcripts: '<transcript ref="c1">\n[0] user: {{#x}}hi{{/x}} & <b>\n</transcript>' });
    expect(system!.role).toBe('system');
    expect(system!.content).not.toContain('{{');
    expect(user!.content).toContain('why {{question}}?');
    expect(user!.content).toContain('[0] user: {{#x}}hi{{/x}} & <b>');
  });
});
