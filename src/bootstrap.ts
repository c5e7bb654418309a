import { createKey } from './auth/keys.js';
import { SCOPES } from './auth/scopes.js';
import { countKeys } from './db/keys.js';
import { firstWorkspace, insertWorkspace } from './db/projects.js';
import type { Deps } from './deps.js';

export interface Bootstrap {
  workspaceId: string;
  /** the admin secret, only when it was created now (or given by SIFT_BOOTSTRAP_KEY) */
  adminKey: string | null;
}

/**
 * On an empty store: one workspace and one admin key. SIFT_BOOTSTRAP_KEY makes that secret the
 * first admin key, so scripts and CI know it in advance.
 */
export async function bootstrap(deps: Deps): Promise<Bootstrap> {
  const existing = await firstWorkspace(deps.db);
  const workspace = existing ?? (await insertWorkspace(deps.db, deps.ids.make('ws'), 'Default workspace'));
  const { n } = await countKeys(deps.db);
  if (n > 0) return { workspaceId: workspace.id, adminKey: null };
  const { secret } = await createKey(
    deps,
    workspace.id,
    { name: 'bootstrap admin', scopes: [...SCOPES] },
    deps.config.SIFT_BOOTSTRAP_KEY,
  );
  return { workspaceId: workspace.id, adminKey: secret };
}
