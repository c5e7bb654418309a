import type { QuestionResult } from './run.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(0)}%`);

/** One line per question and engine: what a reader needs to judge the engine at a glance. */
export function table(results: QuestionResult[], labels: Record<string, string> = {}): string {
  const rows: string[][] = [['dataset', 'engine', 'question', 'recall', 'reasons (rank, share vs truth)', 'citations', 'exact', 'time', 'pass']];
  for (const r of results) {
    const q = r.qualitative;
    const n = r.quantitative;
    const reasons = q
      ? q.reasons.map((x) => `${labels[x.code] ?? x.code}: ${x.found_rank ? `#${x.found_rank}` : 'missed'} ${pct(x.share)} vs ${pct(x.truth_share)}`).join('; ')
      : n
        ? `${n.got ? `${n.got.count}/${n.got.written} (+${n.got.not_written} not written)` : '-'} vs ${n.expected.count}/${n.expected.written} (+${n.expected.not_written})`
        : (r.error ?? r.clarification ?? '');
    rows.push([
      r.dataset,
      r.engine,
      r.question,
      q ? pct(q.recall) : '-',
      reasons,
      q ? `${q.citations.valid}/${q.citations.total}` : '-',
      n ? (n.exact ? 'yes' : 'NO') : '-',
      `${Math.round(r.ms)} ms`,
      passed(r) ? 'yes' : 'NO',
    ]);
  }
  return markdown(rows);
}

export function passed(r: QuestionResult): boolean {
  if (r.error || r.clarification) return false;
  if (r.qualitative) return r.qualitative.pass;
  if (r.quantitative) return r.quantitative.exact;
  return false;
}

function markdown(rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const [head, ...body] = rows;
  return [`| ${head!.join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
