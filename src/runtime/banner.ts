export interface DemoInfo {
  projectSlug: string;
  conversations: number;
}

/** What `npm start` prints: the URL, the admin key when it is new, and curl commands that work as printed. */
export function startupBanner(opts: { url: string; adminKey: string | null; demo: DemoInfo | null; driver: string }): string {
  const key = opts.adminKey ?? '<your admin key>';
  const lines = [
    '',
    `Sift is listening on ${opts.url} (database: ${opts.driver === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})`,
    opts.adminKey
      ? `Admin API key (shown once, store it now): ${opts.adminKey}`
      : 'The admin key was printed on the first start (or set SIFT_BOOTSTRAP_KEY).',
  ];
  if (opts.demo) {
    const p = opts.demo.projectSlug;
    lines.push(
      `Demo project "${p}" holds ${opts.demo.conversations} conversations.`,
      '',
      'Try:',
      `  curl -s -H "Authorization: Bearer ${key}" ${opts.url}/v1/projects/${p}/metrics`,
      `  curl -s -H "Authorization: Bearer ${key}" "${opts.url}/v1/projects/${p}/conversations?limit=2&metric%5BAuth:%20verified%5D=false"`,
      `  curl -s -H "Authorization: Bearer ${key}" -H "content-type: application/json" -d '{"question":"why are calls failing authentication?"}' ${opts.url}/v1/projects/${p}/analyst/questions`,
    );
  }
  lines.push(`API reference: ${opts.url}/docs`, '');
  return lines.join('\n');
}
