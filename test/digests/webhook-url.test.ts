import { describe, expect, it } from 'vitest';
import { isPrivateAddress, parseV6 } from '../../src/digests/address.js';
import { signatureHeader, verifySignature } from '../../src/digests/sign.js';
import { assertDeliverableUrl } from '../../src/digests/webhook-url.js';

const refuse = (url: string, resolve?: (h: string) => Promise<string[]>) =>
  expect(assertDeliverableUrl(url, { allowPrivate: false, ...(resolve ? { resolve } : {}) })).rejects.toThrow(/refused/);

describe('webhook URL checks', () => {
  it('classifies addresses, IPv6 and IPv4-mapped included', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', '2002:c0a8:101::1']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(ip), ip).toBe(false);
    expect(parseV6('::ffff:10.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]);
    expect(isPrivateAddress('not an ip')).toBe(true);
  });

  it('refuses private literals in every spelling, and hosts that resolve to one', async () => {
    await refuse('http://127.0.0.1:8080/hook');
    await refuse('http://2130706433/hook'); // 127.0.0.1 as one number: URL normalises it
    await refuse('http://0x7f.1/hook');
    await refuse('http://[::1]/hook');
    await refuse('http://[::ffff:127.0.0.1]/hook');
    await refuse('http://[fd12:3456::1]/hook');
    await refuse('https://internal.example/hook', async () => ['93.184.216.34', '10.0.0.5']);
    await refuse('http://localhost:9/hook');
    await refuse('ftp://example.com/x');
    await refuse('https://user:pw@example.com/x');
    await expect(assertDeliverableUrl('https://hooks.example/x', { allowPrivate: false, resolve: async () => ['93.184.216.34', '2606:4700::1'] })).resolves.toBeUndefined();
    await expect(assertDeliverableUrl('http://127.0.0.1/x', { allowPrivate: true })).resolves.toBeUndefined();
  });
});

describe('signatures', () => {
  it('signs t.body with HMAC-SHA256 and verifies only the same body, secret and a fresh timestamp', async () => {
    // computed independently with openssl:
    // printf '1700000000.{}' | openssl dgst -sha256 -hmac secret
    const header = await signatureHeader('secret', '{}', 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(header.split('v1=')[1]).toBe('b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163');
    expect(await verifySignature(header, '{}', 'secret', { nowSeconds: 1_700_000_100 })).toBe(true);
    expect(await verifySignature(header, '{ }', 'secret', { nowSeconds: 1_700_000_100 })).toBe(false);
    expect(await verifySignature(header, '{}', 'other', { nowSeconds: 1_700_000_100 })).toBe(false);
    expect(await verifySignature(header, '{}', 'secret', { nowSeconds: 1_700_001_000 })).toBe(false);
  });
});
