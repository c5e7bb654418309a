import { AppError } from '../errors.js';
import { isIpLiteral, isPrivateAddress } from './address.js';

export type Resolver = (host: string) => Promise<string[]>;

/** Every address of a host name, through the system resolver where one exists (Node). */
export const systemResolver: Resolver = async (host) => {
  let dns: typeof import('node:dns/promises');
  try {
    dns = await import('node:dns/promises');
  } catch {
    // Workers: no resolver, and their fetch cannot reach private networks anyway
    return [];
  }
  try {
    const found = await dns.lookup(host, { all: true, verbatim: true });
    return found.map((a) => a.address);
  } catch (e) {
    // a runtime whose node:dns has no lookup (Workers) checks literal addresses only
    if ((e as { code?: string }).code === 'ERR_METHOD_NOT_IMPLEMENTED') return [];
    throw e;
  }
};

/**
 * Refuses a webhook URL that is not http(s) or that points, literally or through any address its
 * host resolves to, at a private, loopback or link-local address (unless allowed by config).
 */
export async function assertDeliverableUrl(raw: string, opts: { allowPrivate: boolean; resolve?: Resolver; pointer?: string }): Promise<void> {
  const fail = (detail: string) => new AppError('validation', `Webhook URL refused: ${detail}`, { errors: [{ pointer: opts.pointer ?? '/url', detail }] });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail('must be http or https');
  if (url.username || url.password) throw fail('must not carry credentials');
  if (opts.allowPrivate) return;
  const host = url.hostname;
  if (isIpLiteral(host)) {
    if (isPrivateAddress(host)) throw fail(`${host} is a private or loopback address (set SIFT_ALLOW_PRIVATE_WEBHOOKS=true to allow)`);
    return;
  }
  let addresses: string[];
  try {
    addresses = await (opts.resolve ?? systemResolver)(host);
  } catch (e) {
    throw fail(`${host} does not resolve (${(e as Error).message})`);
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw fail(`${host} resolves to ${bad}, a private or loopback address (set SIFT_ALLOW_PRIVATE_WEBHOOKS=true to allow)`);
}
