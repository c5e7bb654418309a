/**
 * PII redaction applied to every transcript before it leaves for an LLM. Each kind replaces
 * what it finds with a typed placeholder, so the model still sees that, say, an email was given.
 */
export const PII_KINDS = ['email', 'card', 'dob', 'phone', 'account', 'postcode'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface Redaction {
  text: string;
  counts: Partial<Record<PiiKind, number>>;
}

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE = [
  String.raw`\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b`,
  String.raw`\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b`,
  String.raw`\b\d{1,2}(?:st|nd|rd|th)?(?: of)? ${MONTH},? (?:19|20)\d{2}\b`,
  String.raw`\b${MONTH} \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2}\b`,
].join('|');
const DIGIT_WORD = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double)';

const RULES: Record<PiiKind, { re: RegExp; token: string; accept?: (m: string) => boolean }[]> = {
  email: [{ re: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi, token: '[EMAIL]' }],
  card: [{ re: /\b(?:\d[ -]?){12,18}\d\b/g, token: '[CARD]', accept: luhn }],
  dob: [
    { re: new RegExp(String.raw`(\b(?:born(?: on)?|birth ?date|date of birth|d\.?o\.?b\.?)(?:\s+(?:is|was|:))?\s*)(?:${DATE})`, 'gi'), token: '[DOB]' },
    // a full date with a year more than ten years back is almost always a birth date in a call
    { re: new RegExp(DATE, 'gi'), token: '[DOB]', accept: oldDate },
  ],
  phone: [{ re: /(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?\d{2,5}(?:[ .-]?\d{2,5}){1,3}\b/g, token: '[PHONE]', accept: phoneLike }],
  account: [
    { re: /(\b(?:account|acct|member|policy|customer|reference|ref)(?:\s+(?:number|no\.?|id|#))?(?:\s+(?:is|:))?\s*)[A-Z]{0,3}[-#]?\d[\d -]{4,}\d\b/gi, token: '[ACCOUNT]' },
    { re: /\b\d{6,}\b/g, token: '[ACCOUNT]' },
    { re: new RegExp(String.raw`\b${DIGIT_WORD}(?:[ ,-]+${DIGIT_WORD}){5,}\b`, 'gi'), token: '[ACCOUNT]' },
  ],
  postcode: [
    { re: /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/gi, token: '[POSTCODE]' },
    { re: /(\b(?:zip|zip code|postcode|postal code)(?:\s+(?:is|:))?\s*)\d{5}(?:-\d{4})?\b/gi, token: '[POSTCODE]' },
  ],
};

function luhn(m: string): boolean {
  const digits = m.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function oldDate(m: string): boolean {
  const year = /(?:19|20)\d{2}/.exec(m)?.[0] ?? (/\d{2}$/.exec(m)?.[0] ? `19${/\d{2}$/.exec(m)![0]}` : null);
  return year !== null && Number(year) <= new Date().getUTCFullYear() - 10;
}

function phoneLike(m: string): boolean {
  const digits = m.replace(/\D/g, '').length;
  return digits >= 9 && digits <= 15;
}

/** Parses SIFT_PII_REDACT ("email,phone,…" or "none"); an unknown kind is a configuration error. */
export function parseKinds(value: string): PiiKind[] {
  if (value.trim() === 'none') return [];
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(PII_KINDS as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`unknown PII kind(s): ${unknown.join(', ')} (known: ${PII_KINDS.join(', ')})`);
  return kinds as PiiKind[];
}

/** Redacts the enabled kinds, in a fixed order so that e.g. a card is never half-read as a phone. */
export function redact(text: string, kinds: readonly PiiKind[]): Redaction {
  const counts: Redaction['counts'] = {};
  let out = text;
  for (const kind of PII_KINDS) {
    if (!kinds.includes(kind)) continue;
    for (const rule of RULES[kind]) {
      out = out.replace(rule.re, (m: string, lead: unknown) => {
        if (rule.accept && !rule.accept(m)) return m;
        counts[kind] = (counts[kind] ?? 0) + 1;
        // a rule's first group is the lead-in ("date of birth is "), kept so the context survives
        return `${typeof lead === 'string' ? lead : ''}${rule.token}`;
      });
    }
  }
  return { text: out, counts };
}
