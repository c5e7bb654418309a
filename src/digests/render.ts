import type { DigestContent } from './content.js';

/** The webhook body: the whole content as JSON, with a version so receivers can evolve. */
export function webhookBody(runId: string, content: DigestContent): string {
  return JSON.stringify({ type: 'sift.digest', version: 1, run_id: runId, ...content });
}

/** Slack mrkdwn treats &, < and > as control characters; text from data is escaped. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const pp = (x: number | null) => (x === null ? '' : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`);
const link = (url: string, text: string) => `<${url.replace(/[<>|]/g, encodeURIComponent)}|${esc(text)}>`;

function metricLine(m: DigestContent['summary']['metrics'][number]): string {
  if (m.type === 'numeric') {
    const c = m.changes[0];
    const mean = 'mean' in m.current ? m.current.mean : null;
    return `• *${esc(m.name)}*: mean ${mean ?? 'n/a'}${c?.change != null ? ` (${c.change > 0 ? '+' : ''}${c.change})` : ''}${c?.significant ? ' ⚠️ significant' : ''}`;
  }
  const changes = m.changes.filter((c) => c.value !== null);
  return `• *${esc(m.name)}*: ${changes
    .map((c) => `${m.type === 'boolean' ? 'rate' : esc(c.value!)} ${pct(c.current)} (${pp(c.change)}${c.significant ? `, p=${c.p_value?.toPrecision(2)} ⚠️` : ''})`)
    .join(', ')}`;
}

/** A Slack incoming-webhook payload: a text fallback and blocks. */
export function slackPayload(content: DigestContent): { text: string; blocks: unknown[] } {
  const s = content.summary;
  const vol = s.volume.change === null ? '' : ` (${s.volume.change > 0 ? '+' : ''}${(s.volume.change * 100).toFixed(1)}%)`;
  const header = `${content.digest.name}: ${content.project.name}, ${content.period.start.slice(0, 10)} to ${content.period.end.slice(0, 10)}`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: header.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Conversations:* ${s.volume.current}${vol}\n${s.metrics.map(metricLine).join('\n')}`.slice(0, 3000) } },
  ];
  const r = content.regression;
  if (r) {
    const lines = [`*Biggest significant change:* ${esc(r.metric)}${r.value ? ` = ${esc(r.value)}` : ''} ${pct(r.previous)} → ${pct(r.current)} (p=${r.p_value?.toPrecision(2)})`];
    if (r.explanation) {
      lines.push(esc(r.explanation.summary));
      for (const q of r.explanation.quotes) lines.push(`> ${esc(q.quote)} (${link(q.url, q.theme)})`);
    } else if (r.explanation_error) lines.push(`_${esc(r.explanation_error)}_`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } });
  }
  const links = [link(content.links.summary, 'Summary'), ...(content.links.trend ? [link(content.links.trend, 'Trend')] : [])];
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.join(' · ') }] });
  return { text: header, blocks };
}
