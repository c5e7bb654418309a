import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** README's table of routes, from the routes the app registers (no database needed). */
export function routeTable(): string {
  const app = createApp({ db: null, config: loadConfig({}), clock: { now: () => new Date() }, ids: { make: (p: string) => p }, log: silent, llm: null, fetch } as unknown as Deps);
  const rows = app.routeSpecs.map((s) => `| \`${s.method.toUpperCase()} ${s.path.replace(/:([A-Za-z_]+)/g, '{$1}')}\` | ${s.scope} | ${s.summary.replace(/\|/g, '\\|')} |`);
  return ['| method and path | scope | what it does |', '|---|---|---|', ...rows].join('\n');
}

/** `npx tsx test/http/route-table.ts` rewrites the block in README.md. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const readme = readFileSync('README.md', 'utf8');
  const next = readme.replace(/(<!-- routes:start -->\n)[^]*?(\n<!-- routes:end -->)/, (_, a: string, b: string) => a + routeTable() + b);
  writeFileSync('README.md', next);
}
