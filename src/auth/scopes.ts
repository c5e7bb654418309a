export const SCOPES = [
  'metrics:write',
  'definitions:write',
  'conversations:write',
  'conversations:read',
  'transcripts:read',
  'analyst:ask',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

/** `admin` holds every scope. */
export function hasScope(granted: readonly string[], needed: Scope): boolean {
  return granted.includes(needed) || granted.includes('admin');
}
