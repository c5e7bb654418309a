/** A small line chart as hand-written SVG; every piece of text is escaped. */

export interface ChartPoint {
  /** x-axis label, e.g. a local date */
  label: string;
  value: number | null;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const W = 480;
const H = 180;
const PAD = { left: 44, right: 12, top: 28, bottom: 26 };

export function lineChartSvg(points: ChartPoint[], opts: { title: string; percent: boolean; markFrom?: number }): string {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const lo = opts.percent ? 0 : Math.min(0, ...values);
  const hiRaw = opts.percent ? 1 : Math.max(1e-9, ...values);
  const hi = hiRaw === lo ? lo + 1 : hiRaw;
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length > 1 ? (i * iw) / (points.length - 1) : iw / 2);
  const y = (v: number) => PAD.top + ih - ((v - lo) / (hi - lo)) * ih;
  const fmt = (v: number) => (opts.percent ? `${Math.round(v * 100)}%` : Number(v.toPrecision(3)).toString());

  // a gap (no data) breaks the line instead of drawing it to zero
  const segments: string[] = [];
  let d = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (d) segments.push(d);
      d = '';
      return;
    }
    d += `${d ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
  });
  if (d) segments.push(d);

  const ticks = [lo, (lo + hi) / 2, hi];
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="10">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="16" font-size="12" font-weight="bold" fill="#222">${escapeXml(opts.title)}</text>`,
    ...ticks.map((t) => `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e5e5"/><text x="${PAD.left - 4}" y="${(y(t) + 3).toFixed(1)}" text-anchor="end" fill="#666">${escapeXml(fmt(t))}</text>`),
    ...(opts.markFrom !== undefined && opts.markFrom > 0 && opts.markFrom < points.length
      ? [`<rect x="${x(opts.markFrom).toFixed(1)}" y="${PAD.top}" width="${(W - PAD.right - x(opts.markFrom)).toFixed(1)}" height="${ih}" fill="#2563eb" fill-opacity="0.06"/>`]
      : []),
    ...segments.map((s) => `<path d="${s}" fill="none" stroke="#2563eb" stroke-width="2"/>`),
    ...points.map((p, i) => (i % labelEvery === 0 ? `<text x="${x(i).toFixed(1)}" y="${H - 8}" text-anchor="middle" fill="#666">${escapeXml(p.label)}</text>` : '')),
    '</svg>',
  ];
  return parts.join('');
}
