import type { Router } from '../http/router.js';

// Placeholder until this capability lands; see the open issue.
export function analystRoutes(_r: Router) {}
