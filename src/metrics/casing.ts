/** The casing styles a metric name can be written in. */
export const STYLES = ['Sentence case', 'Title Case', 'lower case', 'UPPER CASE', 'snake_case', 'SCREAMING_SNAKE_CASE', 'kebab-case', 'camelCase', 'PascalCase'] as const;
export type CasingStyle = (typeof STYLES)[number];

const isLower = (w: string) => /^[a-z0-9]+$/.test(w) && /[a-z]/.test(w);
const isCap = (w: string) => /^[A-Z][a-z0-9]+$/.test(w);
const isUpper = (w: string) => /^[A-Z0-9]+$/.test(w) && /[A-Z]/.test(w);
const isNum = (w: string) => /^[0-9]+$/.test(w);

/**
 * Every style a name is consistent with: "Booking" fits Sentence case, Title Case and
 * PascalCase alike, so a one-word name never counts against the project's style. Acronyms
 * (CSAT, ID) are allowed inside worded styles.
 */
export function stylesOf(name: string): Set<CasingStyle> {
  const out = new Set<CasingStyle>();
  const words = name.split(/[^A-Za-z0-9_-]+/).filter(Boolean);
  if (words.length === 0) return new Set(STYLES);
  const hasSpace = /\s/.test(name.trim());
  const snake = words.some((w) => w.includes('_'));
  const kebab = !hasSpace && words.some((w) => w.includes('-'));
  if (snake || kebab) {
    const parts = words.flatMap((w) => w.split(/[_-]+/)).filter(Boolean);
    if (snake && parts.every((p) => isLower(p) || isNum(p))) out.add('snake_case');
    if (snake && parts.every((p) => isUpper(p) || isNum(p))) out.add('SCREAMING_SNAKE_CASE');
    if (kebab && !snake && parts.every((p) => isLower(p) || isNum(p))) out.add('kebab-case');
    return out;
  }
  const [first, ...rest] = words.filter((w) => !isNum(w));
  if (!first) return new Set(STYLES);
  const allUpper = words.every((w) => isUpper(w) || isNum(w));
  if (allUpper) {
    out.add('UPPER CASE');
    if (words.length === 1) STYLES.forEach((s) => s !== 'snake_case' && s !== 'kebab-case' && s !== 'lower case' && s !== 'camelCase' && out.add(s));
    return out;
  }
  const acronym = (w: string) => isUpper(w) && w.length <= 5;
  if (words.every((w) => isLower(w) || isNum(w))) {
    out.add('lower case');
    if (words.length === 1) ['snake_case', 'kebab-case', 'camelCase'].forEach((s) => out.add(s as CasingStyle));
    return out;
  }
  if ((isCap(first) || acronym(first)) && rest.every((w) => isLower(w) || acronym(w))) out.add('Sentence case');
  if (rest.length > 0 && [first, ...rest].every((w) => isCap(w) || acronym(w))) out.add('Title Case');
  if (rest.length === 0 && words.length === 1) {
    if (isCap(first)) out.add('Title Case').add('PascalCase');
    if (/^[a-z]+[a-z0-9]*([A-Z][a-z0-9]*)+$/.test(first)) out.add('camelCase');
    if (/^([A-Z][a-z0-9]+){2,}$/.test(first)) out.add('PascalCase');
  }
  return out;
}
