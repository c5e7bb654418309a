import { describe, expect, it } from 'vitest';
import { lineChartSvg } from '../../src/digests/chart.js';

describe('lineChartSvg', () => {
  it('escapes every piece of text and breaks the line where a day has no data', () => {
    const svg = lineChartSvg(
      [
        { label: '06-01', value: 0.9 },
        { label: '06-02', value: 0.8 },
        { label: '<img src=x onerror=alert(1)>', value: null },
        { label: '06-04', value: 0.4 },
        { label: '06-05', value: 0.5 },
      ],
      { title: 'Resolved "</text><script>alert(1)</script>', percent: true, markFrom: 3 },
    );
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('>100%<');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
