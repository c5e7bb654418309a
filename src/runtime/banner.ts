export interface DemoInfo {
  projectSlug: string;
  conversations: number;
}

/**
 * What `npm start` prints: the URL, the admin key when it is new, and commands that work as
 * printed against the demo project (test/demo/seed.test.ts runs the curl ones).
 */
export function startupBanner(opts: { url: string; adminKey: string | null; demo: DemoInfo | null; driver: string }): string {
  const key = opts.adminKey ?? '<your admin key>';
  const auth = `-H "Authorization: Bearer ${key}"`;
  const lines = [
    '',
    `Sift is listening on ${opts.url} (database: ${opts.driver === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})`,
    opts.adminKey
      ? `Admin API key (shown once, store it now): ${opts.adminKey}`
      : 'The admin key was printed on the first start (or set SIFT_BOOTSTRAP_KEY).',
  ];
  if (opts.demo) {
    const p = `${opts.url}/v1/projects/${opts.demo.projectSlug}`;
    lines.push(
      `Demo project "${opts.demo.projectSlug}" holds ${opts.demo.conversations} synthetic voice-agent calls (SIFT_DEMO=false turns it off).`,
      '',
      'Try: the metric definitions, two calls that failed authentication, and the analyst on why:',
      `  curl -s ${auth} ${p}/metrics`,
      `  curl -s ${auth} "${p}/conversations?limit=2&metric%5BAuth:%20verified%5D=false"`,
      `  curl -s ${auth} -H "content-type: application/json" -d '{"question":"why are calls failing authentication?"}' ${p}/analyst/questions`,
      '',
      'Or from the CLI:',
      `  SIFT_URL=${opts.url} SIFT_API_KEY=${key} npx sift ask "why are calls failing authentication?" --project ${opts.demo.projectSlug}`,
    );
  }
  lines.push('', `API reference: ${opts.url}/docs`, '');
  return lines.join('\n');
}
