import type { Router } from '../http/router.js';

// Placeholder until this capability lands; see the open issue.
export function trendRoutes(_r: Router) {}
