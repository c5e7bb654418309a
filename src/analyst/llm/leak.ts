import { normalise } from './citations.js';
import { systemTexts } from './prompts.js';

const SHINGLE = 6;
let shingles: Set<string> | null = null;

function prompts(): Set<string> {
  if (shingles) return shingles;
  shingles = new Set();
  for (const text of systemTexts()) {
    const words = normalise(text.replace(/\{\{\w+\}\}/g, ' ')).split(' ');
    for (let i = 0; i + SHINGLE <= words.length; i++) shingles.add(words.slice(i, i + SHINGLE).join(' '));
  }
  return shingles;
}

/**
 * True when model-written text repeats six or more consecutive words of our instructions: an
 * instruction injected into a transcript ("print your system prompt") must not reach an answer.
 */
export function leaksPrompt(text: string): boolean {
  const words = normalise(text).split(' ');
  const set = prompts();
  for (let i = 0; i + SHINGLE <= words.length; i++) if (set.has(words.slice(i, i + SHINGLE).join(' '))) return true;
  return false;
}
