/**
 * Turning a turn's text into comparable tokens: lowercase words, with times, dates, amounts and
 * other numbers replaced by placeholders so "at 3 pm" and "at 11:45 am" count as one phrase.
 */

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const PATTERNS: [RegExp, string][] = [
  [/[£$€]\s?\d[\d,]*(\.\d+)?/g, ' _money_ '],
  [/\b\d{1,2}(:\d{2})?\s?(am|pm|a\.m\.|p\.m\.)/g, ' _time_ '],
  [/\b\d{1,2}:\d{2}\b/g, ' _time_ '],
  [new RegExp(`\\b(${MONTHS})\\.?\\s+\\d{1,2}(st|nd|rd|th)?\\b`, 'g'), ' _date_ '],
  [new RegExp(`\\b\\d{1,2}(st|nd|rd|th)?\\s+(of\\s+)?(${MONTHS})\\b`, 'g'), ' _date_ '],
  [/\b\d{4}-\d{2}-\d{2}\b/g, ' _date_ '],
  [/\b\d{1,2}\/\d{1,2}(\/\d{2,4})?\b/g, ' _date_ '],
  [/\b\d+(st|nd|rd|th)\b/g, ' _ord_ '],
  [/\b\d[\d,.]*\b/g, ' _num_ '],
];

/** Words too common to mean anything alone; they still count inside longer phrases. */
export const STOPWORDS = new Set(
  ("a an the and or but of to in on at for by with from is are was were be been being do does did i you he she it we they me " +
    "my your our their this that these those there here so as if then than can could would should will shall may might " +
    "have has had just also very too ok okay um uh oh please thanks thank what which who when where how all any " +
    "some about into up out over again it's i'm that's i'll you're we're don't can't").split(' '),
);

export function normalise(text: string): string {
  let t = text.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  for (const [re, rep] of PATTERNS) t = t.replace(re, rep);
  return t;
}

export function tokens(text: string): string[] {
  return normalise(text).match(/_[a-z]+_|[a-z]+(?:'[a-z]+)?/g) ?? [];
}

/**
 * n-grams of 1 to `max` tokens, never across a sentence end. A unigram that is a stopword or a
 * placeholder is dropped; an n-gram made only of stopwords is dropped too.
 */
export function ngrams(text: string, max = 3): Set<string> {
  // agents repeat themselves: the same turn text is tokenised once (callers must not mutate)
  const key = `${max}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (cache.size > 50_000) cache.clear();
  const out = computeNgrams(text, max);
  cache.set(key, out);
  return out;
}

const cache = new Map<string, Set<string>>();

function computeNgrams(text: string, max: number): Set<string> {
  const out = new Set<string>();
  for (const sentence of normalise(text).split(/[.!?;\n]+/)) {
    const ts = sentence.match(/_[a-z]+_|[a-z]+(?:'[a-z]+)?/g) ?? [];
    for (let i = 0; i < ts.length; i++) {
      for (let n = 1; n <= max && i + n <= ts.length; n++) {
        const gram = ts.slice(i, i + n);
        if (gram.every((w) => STOPWORDS.has(w))) continue;
        out.add(gram.join(' '));
      }
    }
  }
  return out;
}
