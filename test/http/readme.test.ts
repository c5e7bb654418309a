import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { routeTable } from './route-table.js';

/** README states facts the code owns; these checks keep them true. */
const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('lists every route the app registers, with its scope', () => {
    const block = /<!-- routes:start -->\n([^]*?)\n<!-- routes:end -->/.exec(readme)?.[1];
    expect(block, 'README needs the routes block; regenerate it: npx tsx test/http/route-table.ts').toBe(routeTable());
  });

  it('documents every configuration variable of src/config.ts, and no other', () => {
    const source = readFileSync('src/config.ts', 'utf8');
    const schema = /ConfigSchema = z\.object\(\{([^]*?)\n\}\);/.exec(source)![1]!;
    const inCode = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]).sort();
    const table = /## Configuration\n([^]*?)\n## /.exec(readme)![1]!;
    const inReadme = [...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]).sort();
    expect(inCode.length).toBeGreaterThan(10);
    expect(inReadme).toEqual(inCode);
  });

  it('shows the defaults the code uses', () => {
    const c = loadConfig({});
    const table = /## Configuration\n([^]*?)\n## /.exec(readme)![1]!;
    for (const [k, v] of Object.entries(c)) expect(table, k).toContain(`| \`${k}\` | \`${String(v)}\` |`);
  });
});
