import { stylesOf, STYLES, type CasingStyle } from './casing.js';
import { editDistance, foldName } from './similarity.js';
import { conceptRoots } from './synonyms.js';

export type LintRule = 'mixed_casing' | 'synonyms' | 'near_duplicate' | 'missing_prefix';

/** Naming advice; it never blocks a change. */
export interface LintWarning {
  rule: LintRule;
  metrics: string[];
  message: string;
}

/** `Auth: verified` -> `Auth`; names without a `Prefix: ` part have none. */
export function prefixOf(name: string): string | null {
  const m = /^(.+?)\s*:\s*\S/.exec(name);
  return m ? m[1]! : null;
}

function mixedCasing(names: string[]): LintWarning[] {
  const tally = new Map<CasingStyle, number>(STYLES.map((s) => [s, 0]));
  const styles = names.map(stylesOf);
  for (const set of styles) for (const s of set) tally.set(s, tally.get(s)! + 1);
  const [major] = [...tally.entries()].sort((a, b) => b[1] - a[1]);
  if (!major || major[1] === 0) return [];
  const odd = names.filter((_, i) => !styles[i]!.has(major[0]));
  if (odd.length === 0) return [];
  return odd.map((n) => {
    const own = [...stylesOf(n)];
    const called = own.length ? own.join(' / ') : 'an irregular style';
    return { rule: 'mixed_casing', metrics: [n], message: `"${n}" is written in ${called} while ${major[1]} of ${names.length} metrics use ${major[0]}` };
  });
}

function synonyms(names: string[]): LintWarning[] {
  const byConcept = new Map<string, Map<string, string[]>>();
  for (const n of names) {
    for (const [concept, roots] of conceptRoots(n)) {
      if (roots.size !== 1) continue; // a name using two words of one concept is not competing with itself
      const root = [...roots][0]!;
      const m = byConcept.get(concept) ?? new Map<string, string[]>();
      m.set(root, [...(m.get(root) ?? []), n]);
      byConcept.set(concept, m);
    }
  }
  const out: LintWarning[] = [];
  for (const [concept, roots] of byConcept) {
    if (roots.size < 2) continue;
    const words = [...roots.keys()];
    const list = [...roots.entries()].map(([r, ns]) => `"${r}" (${ns.map((x) => `"${x}"`).join(', ')})`).join(' vs ');
    out.push({ rule: 'synonyms', metrics: [...roots.values()].flat(), message: `${words.length} words for ${concept}: ${list}; pick one` });
  }
  return out;
}

function nearDuplicates(names: string[]): LintWarning[] {
  const out: LintWarning[] = [];
  const folded = names.map(foldName);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = folded[i]!;
      const b = folded[j]!;
      if (a.replace(/\d+/g, '#') === b.replace(/\d+/g, '#') && a !== b) continue; // Step 1 / Step 2
      const d = editDistance(a, b);
      const len = Math.max(a.length, b.length);
      if (d === 0 || (len >= 6 && d <= 2 && d / len <= 0.2)) {
        const how = d === 0 ? 'differ only in casing or punctuation' : `are ${d} edit${d > 1 ? 's' : ''} apart`;
        out.push({ rule: 'near_duplicate', metrics: [names[i]!, names[j]!], message: `"${names[i]}" and "${names[j]}" ${how}: one metric, or two that need clearer names?` });
      }
    }
  }
  return out;
}

function missingPrefix(names: string[]): LintWarning[] {
  const out: LintWarning[] = [];
  const prefixes = new Map<string, string>();
  for (const n of names) {
    const p = prefixOf(n);
    if (p) prefixes.set(foldName(p), p);
  }
  const unprefixed = names.filter((n) => !prefixOf(n));
  const byTopic = new Map<string, { name: string; rest: string }[]>();
  for (const n of unprefixed) {
    const [first, ...words] = foldName(n).split(' ');
    if (!first || words.length === 0) continue;
    const rest = words.join(' ');
    const known = prefixes.get(first);
    if (known) out.push({ rule: 'missing_prefix', metrics: [n], message: `"${n}" looks related to the "${known}: …" metrics; name it "${known}: ${rest}"` });
    else byTopic.set(first, [...(byTopic.get(first) ?? []), { name: n, rest }]);
  }
  for (const [topic, group] of byTopic) {
    if (group.length < 2 || group.every((g) => /^\d+$/.test(g.rest))) continue; // Step 1, Step 2
    const label = topic[0]!.toUpperCase() + topic.slice(1);
    const suggestion = group.map((g) => `"${label}: ${g.rest}"`).join(', ');
    out.push({ rule: 'missing_prefix', metrics: group.map((g) => g.name), message: `${group.length} metrics about "${topic}" share no prefix; consider ${suggestion}` });
  }
  return out;
}

/** Lints a project's metric names as a whole. */
export function lintNames(names: string[]): LintWarning[] {
  return [...mixedCasing(names), ...synonyms(names), ...nearDuplicates(names), ...missingPrefix(names)];
}

/** The warnings that involve one name: what a create answers with. */
export function lintFor(name: string, names: string[]): LintWarning[] {
  return lintNames(names.includes(name) ? names : [...names, name]).filter((w) => w.metrics.includes(name));
}
