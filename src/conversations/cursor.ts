import { AppError } from '../errors.js';

/** Position after the last row of a page: its started_at (to the microsecond) and id. */
export interface Cursor {
  t: string;
  id: string;
}

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

// btoa/atob rather than Buffer: the same code runs on Workers.
function toBase64url(text: string): string {
  const bin = Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join('');
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(raw: string): string {
  const bin = atob(raw.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
}

/** Opaque to clients: base64url of a small JSON array. */
export function encodeCursor(c: Cursor): string {
  return toBase64url(JSON.stringify([c.t, c.id]));
}

export function decodeCursor(raw: string, pointer = '/query/cursor'): Cursor {
  const bad = () =>
    new AppError('validation', 'Invalid cursor: pass back the next_cursor of a previous page unchanged', {
      errors: [{ pointer, detail: 'malformed cursor' }],
    });
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(raw)) throw bad();
  let v: unknown;
  try {
    v = JSON.parse(fromBase64url(raw));
  } catch {
    throw bad();
  }
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string' || !TS.test(v[0])) throw bad();
  if (Number.isNaN(Date.parse(v[0]))) throw bad();
  return { t: v[0], id: v[1] };
}
