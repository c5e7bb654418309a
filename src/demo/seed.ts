import type { Deps } from '../deps.js';
import type { DemoInfo } from '../runtime/banner.js';

// Placeholder until the demo generator lands (foundation issue, section 7).
export async function seedDemoIfEmpty(_deps: Deps, _workspaceId: string): Promise<DemoInfo | null> {
  return null;
}
