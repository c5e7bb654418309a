/**
 * Deterministic randomness for sampling: the same seed gives the same numbers on every platform
 * (Node, Workers, any database), and Math.random is never used.
 */

/** cyrb53: a fast 53-bit string hash with good avalanche; `salt` separates independent streams. */
export function hash53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A uniform number in [0, 1) from a string, with 53 bits of precision. */
export function unitHash(text: string, salt = 0): number {
  return hash53(text, salt) / 2 ** 53;
}

/**
 * An endless stream of uniform points in [0, 1) for one (seed, stream) pair. Point j is a hash of
 * (seed, stream, j), so the stream can be resumed at any j and two streams never share state.
 */
export function pointStream(seed: string, stream: string) {
  const base = `${seed}\u0000${stream}\u0000`;
  return (j: number) => unitHash(`${base}${j}`, 0x5eed);
}

/** The within-stratum tie-break order of a conversation under a seed. */
export function memberRank(seed: string, stream: string, conversationId: string): number {
  return hash53(`${seed}\u0000${stream}\u0000${conversationId}`, 0x7a4b);
}
