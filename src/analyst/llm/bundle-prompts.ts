// Regenerates prompt-bundle.ts from prompts/*.md, so the prompts reach every runtime (the
// Workers bundle has no file system):  npx tsx src/analyst/llm/bundle-prompts.ts
// test/analyst/llm/prompts.test.ts fails when the bundle is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROMPT_NAMES = ['plan', 'read', 'propose', 'check'] as const;

export function renderBundle(): string {
  const folder = new URL('../../../prompts/', import.meta.url);
  const entries = PROMPT_NAMES.map((n) => `  ${n}: ${JSON.stringify(readFileSync(fileURLToPath(new URL(`${n}.md`, folder)), 'utf8'))},`);
  return `// Generated from prompts/*.md by src/analyst/llm/bundle-prompts.ts: edit the .md files, then regenerate.\nexport const PROMPT_FILES = {\n${entries.join('\n')}\n} as const;\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(fileURLToPath(new URL('./prompt-bundle.ts', import.meta.url)), renderBundle());
  console.log('wrote src/analyst/llm/prompt-bundle.ts');
}
