/** Levenshtein distance, two rows of memory; names are at most 100 characters. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Lower case, separators folded: `Auth: verified`, `auth_verified` and `AuthVerified` compare equal. */
export function foldName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The known names closest to `name`, best first: used to answer an unknown metric name. */
export function closestNames(name: string, known: string[], limit = 3): string[] {
  const target = foldName(name);
  return known
    .map((k) => {
      const folded = foldName(k);
      const contains = folded.includes(target) || target.includes(folded);
      const d = editDistance(target, folded) / Math.max(target.length, folded.length, 1);
      return { k, score: contains ? Math.min(d, 0.3) : d };
    })
    .filter((x) => x.score <= 0.6)
    .sort((a, b) => a.score - b.score || a.k.localeCompare(b.k))
    .slice(0, limit)
    .map((x) => x.k);
}
