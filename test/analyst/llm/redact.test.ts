import { describe, expect, it } from 'vitest';
import { parseKinds, PII_KINDS, redact } from '../../../src/analyst/redact/pii.js';
import { loadConfig } from '../../../src/config.js';

describe('PII redaction', () => {
  const cases: [string, string, string][] = [
    ['email', 'write to jane.doe+x@example.co.uk please', 'write to [EMAIL] please'],
    ['phone', 'call me on +44 7700 900123 or (555) 123-4567', 'call me on [PHONE] or [PHONE]'],
    ['card', 'card 4111 1111 1111 1111 expires soon', 'card [CARD] expires soon'],
    ['dob', 'my date of birth is 12/03/1985', 'my date of birth is [DOB]'],
    ['dob', 'I was born on 3 March 1979', 'I was born on [DOB]'],
    ['postcode', 'postcode SW1A 1AA and zip code 90210', 'postcode [POSTCODE] and zip code [POSTCODE]'],
    ['account', 'account number 12345678', 'account number [ACCOUNT]'],
    ['account', 'it is seven seven zero zero nine one two', 'it is [ACCOUNT]'],
  ];
  it.each(cases)('redacts %s: %s', (kind, input, output) => {
    const r = redact(input, PII_KINDS);
    expect(r.text).toBe(output);
    expect(r.counts[kind as keyof typeof r.counts]).toBeGreaterThan(0);
  });

  it('leaves ordinary details alone', () => {
    const text = 'I want to book for March 3, 2026 at 3pm for 2 people, room 12, card ending 1234';
    expect(redact(text, PII_KINDS).text).toBe(text);
  });

  it('does not read a Luhn-invalid number as a card', () => {
    expect(redact('order 4111 1111 1111 1112', ['card']).text).toBe('order 4111 1111 1111 1112');
  });

  it('redacts only the configured kinds; the configuration names bad kinds', () => {
    expect(redact('jane@example.com on 07700 900123', ['email']).text).toBe('[EMAIL] on 07700 900123');
    expect(parseKinds('none')).toEqual([]);
    expect(() => loadConfig({ SIFT_PII_REDACT: 'email,ssn' })).toThrow('SIFT_PII_REDACT');
  });
});
