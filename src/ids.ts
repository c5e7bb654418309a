import type { Ids } from './deps.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function randomToken(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 36];
  return out;
}

/** Time-ordered ids: a base-36 millisecond timestamp then randomness, behind a type prefix. */
export const randomIds: Ids = {
  make(prefix) {
    return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomToken(12)}`;
  },
};
