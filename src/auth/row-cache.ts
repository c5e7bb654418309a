import type { DB } from '../db/connect.js';

/**
 * A short-lived in-process cache of rows read on every request (API keys, projects), so an
 * authenticated write costs one database round trip instead of three. One cache per database
 * handle; entries live `ttlMs` of the deps clock. A key revoked here is dropped at once; a key
 * revoked by another process stops working within the TTL.
 */
export class RowCache<T> {
  readonly #byDb = new WeakMap<DB, Map<string, { row: T; until: number }>>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(db: DB, key: string, nowMs: number): T | undefined {
    const hit = this.#byDb.get(db)?.get(key);
    return hit && hit.until > nowMs ? hit.row : undefined;
  }

  set(db: DB, key: string, row: T, nowMs: number) {
    let map = this.#byDb.get(db);
    if (!map) this.#byDb.set(db, (map = new Map()));
    if (map.size >= this.maxEntries) map.clear();
    map.set(key, { row, until: nowMs + this.ttlMs });
  }

  delete(db: DB, key: string) {
    this.#byDb.get(db)?.delete(key);
  }
}
