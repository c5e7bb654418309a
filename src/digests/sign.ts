/**
 * Webhook signatures: `Sift-Signature: t=UNIX_SECONDS,v1=HEX`, v1 being HMAC-SHA256 under the
 * target's secret of `t + "." + raw body`. Web Crypto only, so it runs on Workers too.
 */

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

async function hmac(secret: string, message: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, enc.encode(message)));
}

export async function signatureHeader(secret: string, body: string, unixSeconds: number): Promise<string> {
  return `t=${unixSeconds},v1=${await hmac(secret, `${unixSeconds}.${body}`)}`;
}

/** What a receiver does: recompute, compare in constant time, and refuse stale timestamps. */
export async function verifySignature(header: string, body: string, secret: string, opts: { nowSeconds: number; toleranceSeconds?: number }): Promise<boolean> {
  const fields = new Map(header.split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(fields.get('t'));
  const v1 = fields.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(opts.nowSeconds - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = await hmac(secret, `${t}.${body}`);
  if (expected.length !== v1.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ v1.charCodeAt(i);
  return diff === 0;
}
