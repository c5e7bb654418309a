import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { hashSecret } from '../auth/secrets.js';

/**
 * Runs a write once per (API key, Idempotency-Key). The key is claimed before the write, so a
 * concurrent retry sees "in progress" instead of writing twice; a finished write's response is
 * replayed byte for byte. A write that fails releases the claim so it can be retried.
 */
export async function withIdempotency(c: Context, deps: Deps, apiKeyId: string, key: string, run: () => Promise<Response>) {
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new AppError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  const body = await c.req.raw.clone().text();
  const requestHash = await hashSecret(`${c.req.method} ${c.req.path}\n${body}`);
  const claimed = await deps.db
    .insertInto('idempotency_keys')
    .values({ api_key_id: apiKeyId, key, request_hash: requestHash, status: null, response: null })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) return replay(deps, apiKeyId, key, requestHash);

  let response: Response;
  try {
    response = await run();
  } catch (err) {
    await release(deps, apiKeyId, key);
    throw err;
  }
  const text = await response.clone().text();
  await deps.db
    .updateTable('idempotency_keys')
    .set({ status: response.status, response: JSON.stringify({ body: text, type: response.headers.get('content-type') }) })
    .where('api_key_id', '=', apiKeyId)
    .where('key', '=', key)
    .execute();
  return response;
}

async function release(deps: Deps, apiKeyId: string, key: string) {
  await deps.db.deleteFrom('idempotency_keys').where('api_key_id', '=', apiKeyId).where('key', '=', key).execute();
}

async function replay(deps: Deps, apiKeyId: string, key: string, requestHash: string) {
  const row = await deps.db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('api_key_id', '=', apiKeyId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== requestHash) {
    throw new AppError('unprocessable', `Idempotency-Key "${key}" was already used with a different request`);
  }
  if (row.status === null || !row.response) {
    throw new AppError('conflict', `A request with Idempotency-Key "${key}" is still in progress; retry shortly`);
  }
  const stored = row.response;
  return new Response(stored.body, {
    status: row.status,
    headers: { 'content-type': stored.type ?? 'application/json', 'idempotent-replayed': 'true' },
  });
}
