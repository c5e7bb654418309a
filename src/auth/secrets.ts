import { createHash } from 'node:crypto';
import { randomToken } from '../ids.js';

const KEY_PATTERN = /^sift_([a-z0-9]{10})_([a-z0-9]{40,})$/;

export interface NewSecret {
  secret: string;
  prefix: string;
}

/** A key reads `sift_<prefix>_<secret>`; the prefix is shown in listings, the rest never again. */
export function newSecret(): NewSecret {
  const prefix = randomToken(10);
  return { secret: `sift_${prefix}_${randomToken(43)}`, prefix };
}

/** Splits a presented key; a bootstrap secret of another shape is looked up by its own prefix. */
export function prefixOf(secret: string): string {
  const m = KEY_PATTERN.exec(secret);
  return m ? m[1]! : `boot:${secret.slice(0, 8)}`;
}

// node:crypto (in Workers through nodejs_compat): WebCrypto's digest is asynchronous and costs
// a thread-pool round trip on every authenticated request, node:crypto's a few microseconds
export async function hashSecret(secret: string): Promise<string> {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
