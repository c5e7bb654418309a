import type { Selectable } from 'kysely';
import type { DB } from './connect.js';
import type { ApiKeysTable } from './schema.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export function findKeyByPrefix(db: DB, prefix: string) {
  return db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();
}

export function findKeyById(db: DB, workspaceId: string, id: string) {
  return db.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function insertKey(db: DB, row: Omit<ApiKeyRow, 'created_at' | 'last_used_at' | 'revoked_at'>) {
  return db.insertInto('api_keys').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listKeys(db: DB, workspaceId: string) {
  return db.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
}

export function revokeKey(db: DB, workspaceId: string, id: string, at: Date) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Records use at most once a minute per key, so authentication is not a write per request. */
export function touchKey(db: DB, id: string, at: Date) {
  const staleBefore = new Date(at.getTime() - 60_000);
  return db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

export function countKeys(db: DB) {
  return db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
}
