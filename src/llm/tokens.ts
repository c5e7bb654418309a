import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';

const encoders = new Map<string, Tiktoken>();

/** The tokenizer of a model family: o200k for the gpt-4o/4.1/o-series, cl100k otherwise. */
export function encodingFor(model: string): 'o200k_base' | 'cl100k_base' {
  return /^(gpt-4o|gpt-4\.1|gpt-5|o\d)/.test(model) ? 'o200k_base' : 'cl100k_base';
}

function encoder(name: 'o200k_base' | 'cl100k_base'): Tiktoken {
  let enc = encoders.get(name);
  if (!enc) {
    enc = new Tiktoken(name === 'o200k_base' ? o200k : cl100k);
    encoders.set(name, enc);
  }
  return enc;
}

/** Counts tokens locally (the ranks ship in the package: no network). */
export function countTokens(text: string, model = 'gpt-4o-mini'): number {
  if (!text) return 0;
  return encoder(encodingFor(model)).encode(text).length;
}

/** Chat messages cost a few tokens each on top of their content. */
export function countMessageTokens(messages: { content: string }[], model?: string): number {
  return messages.reduce((n, m) => n + 4 + countTokens(m.content, model), 3);
}
