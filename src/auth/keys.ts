import { z } from 'zod';
import { findKeyById, findKeyByPrefix, insertKey, listKeys, revokeKey, touchKey, type ApiKeyRow } from '../db/keys.js';
import { AppError } from '../errors.js';
import type { Deps } from '../deps.js';
import { hasScope, SCOPES, type Scope } from './scopes.js';
import { RowCache } from './row-cache.js';
import { hashSecret, newSecret, prefixOf, sameHash } from './secrets.js';

/** Who is calling: the key, its workspace, what it may do and which projects it may see. */
export interface Principal {
  keyId: string;
  workspaceId: string;
  scopes: string[];
  /** null: every project of the workspace */
  projectIds: string[] | null;
}

export const CreateKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1).refine((s) => new Set(s).size === s.length, 'scopes must be unique'),
  projects: z.array(z.string().min(1)).min(1).optional().describe('project ids or slugs; omitted: every project'),
  expires_at: z.iso.datetime({ offset: true }).optional(),
  expires_in: z
    .string()
    .regex(/^\d+[dhm]$/, 'must look like 90d, 12h or 30m')
    .optional()
    .describe('alternative to expires_at'),
});
export type CreateKeyInput = z.infer<typeof CreateKeyBody>;

export function publicKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    projects: row.project_ids,
    expires_at: row.expires_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}
export type PublicKey = ReturnType<typeof publicKey>;

export function durationMs(spec: string): number {
  const n = Number(spec.slice(0, -1));
  const unit = spec.at(-1);
  return n * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000);
}

/** Creates a key; the secret is returned here once and stored only as a hash. */
export async function createKey(
  deps: Deps,
  workspaceId: string,
  input: CreateKeyInput & { projectIds?: string[] | null },
  secretOverride?: string,
): Promise<{ key: PublicKey; secret: string }> {
  const generated = newSecret();
  const secret = secretOverride ?? generated.secret;
  const prefix = secretOverride ? prefixOf(secretOverride) : generated.prefix;
  const expiresAt = input.expires_at
    ? new Date(input.expires_at)
    : input.expires_in
      ? new Date(deps.clock.now().getTime() + durationMs(input.expires_in))
      : null;
  if (expiresAt && expiresAt.getTime() <= deps.clock.now().getTime()) {
    throw new AppError('validation', 'expires_at must be in the future', {
      errors: [{ pointer: '/body/expires_at', detail: 'must be in the future' }],
    });
  }
  const row = await insertKey(deps.db, {
    id: deps.ids.make('key'),
    workspace_id: workspaceId,
    name: input.name,
    prefix,
    secret_hash: await hashSecret(secret),
    scopes: input.scopes,
    project_ids: input.projectIds ?? null,
    expires_at: expiresAt,
  });
  return { key: publicKey(row), secret };
}

/**
 * An admin key restricted to some projects manages only keys restricted to a subset of them,
 * so it can neither see nor revoke wider keys, nor mint one.
 */
function withinReach(principal: Principal, row: Pick<ApiKeyRow, 'project_ids'>): boolean {
  if (!principal.projectIds) return true;
  return row.project_ids !== null && row.project_ids.every((id) => principal.projectIds!.includes(id));
}

/** The projects a new key is restricted to: as asked, and never wider than the creating key. */
export function projectsForNewKey(principal: Principal, requested: string[] | null): string[] | null {
  return requested ?? principal.projectIds;
}

export async function listWorkspaceKeys(deps: Deps, principal: Principal) {
  return (await listKeys(deps.db, principal.workspaceId)).filter((row) => withinReach(principal, row)).map(publicKey);
}

export async function revokeWorkspaceKey(deps: Deps, principal: Principal, id: string) {
  const existing = await findKeyById(deps.db, principal.workspaceId, id);
  const row = existing && withinReach(principal, existing) ? await revokeKey(deps.db, principal.workspaceId, id, deps.clock.now()) : undefined;
  if (!row) throw new AppError('not_found', `API key ${id} was not found or is already revoked`);
  keyRows.delete(deps.db, row.prefix);
  return publicKey(row);
}

/** Key rows by prefix, for KEY_CACHE_MS: see RowCache for what that means for revocation. */
export const KEY_CACHE_MS = 10_000;
const keyRows = new RowCache<ApiKeyRow>(KEY_CACHE_MS);

const UNAUTHENTICATED = 'Send an API key as "Authorization: Bearer <key>" or "x-api-key: <key>"';

/** Resolves a presented secret to a principal, or throws 401 with the reason. */
export async function authenticate(deps: Deps, secret: string | undefined): Promise<Principal> {
  if (!secret) throw new AppError('unauthorized', UNAUTHENTICATED);
  const now = deps.clock.now();
  const prefix = prefixOf(secret);
  const cached = keyRows.get(deps.db, prefix, now.getTime());
  const row = cached ?? (await findKeyByPrefix(deps.db, prefix));
  const hash = await hashSecret(secret);
  if (!row || !sameHash(row.secret_hash, hash)) throw new AppError('unauthorized', 'The API key is not valid');
  if (row.revoked_at) throw new AppError('unauthorized', 'The API key has been revoked');
  if (row.expires_at && row.expires_at.getTime() <= now.getTime()) throw new AppError('unauthorized', 'The API key has expired');
  if (!cached) {
    keyRows.set(deps.db, prefix, row, now.getTime());
    // the row just read says whether the once-a-minute touch is due: skip the round trip when not
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= 60_000) await touchKey(deps.db, row.id, now);
  }
  return { keyId: row.id, workspaceId: row.workspace_id, scopes: row.scopes, projectIds: row.project_ids };
}

export function requireScope(principal: Principal, scope: Scope) {
  if (!hasScope(principal.scopes, scope)) {
    throw new AppError('forbidden', `This API key lacks the "${scope}" scope`, { extra: { required_scope: scope } });
  }
}
