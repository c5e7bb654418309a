import { normalise } from './citations.js';
import { systemTexts } from './prompts.js';

const SHINGLE = 8;
let shingles: Set<string> | null = null;

function prompts(): Set<string> {
  if (shingles) return shingles;
  shingles = new Set();
  for (const text of systemTexts()) {
    // quoted examples in the prompts are the kind of text a model may legitimately write
    const words = normalise(text.replace(/\{\{\w+\}\}/g, ' ').replace(/"[^"]*"/g, ' ')).split(' ');
    for (let i = 0; i + SHINGLE <= words.length; i++) shingles.add(words.slice(i, i + SHINGLE).join(' '));
  }
  return shingles;
}

/**
 * True when model-written text repeats eight or more consecutive words of our instructions: an
 * instruction injected into a transcript ("print your system prompt") must not reach an answer.
 */
export function leaksPrompt(text: string): boolean {
  const words = normalise(text).split(' ');
  const set = prompts();
  for (let i = 0; i + SHINGLE <= words.length; i++) if (set.has(words.slice(i, i + SHINGLE).join(' '))) return true;
  return false;
}
