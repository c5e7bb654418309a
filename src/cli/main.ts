import type { CliContext } from './context.js';
import { UsageError } from './context.js';
import { ApiError } from './http.js';

type Command = { run(ctx: CliContext): Promise<number | void>; summary: string };

// Each command lives in its own file and is loaded only when called.
const COMMANDS: Record<string, () => Promise<Command>> = {
  migrate: () => import('./commands/migrate.js'),
  keys: () => import('./commands/keys.js'),
  metrics: () => import('./commands/metrics.js'),
  import: () => import('./commands/import.js'),
  export: () => import('./commands/export.js'),
  sample: () => import('./commands/sample.js'),
  ask: () => import('./commands/ask.js'),
  digest: () => import('./commands/digest.js'),
};

const HELP = `sift <command> [options]

Commands talk to a running Sift over HTTP: set SIFT_URL (default http://localhost:8787)
and SIFT_API_KEY, or pass --url and --key. \`migrate\` works on the database directly.

  migrate                       apply pending SQL migrations (DATABASE_URL or SIFT_DATA_DIR)
  keys create|list|revoke       manage API keys
  metrics export|import         keep metric definitions in git
  import FILE --project P       load conversations (JSON or JSONL)
  export --project P            stream conversations as NDJSON or CSV
  sample --project P --metric M draw a stratified sample
  ask "QUESTION" --project P    ask the analyst
  digest run-due                run digests whose schedule is due

Run \`sift <command> --help\` for a command's options.`;

/** Pulls --url and --key out of argv wherever they stand. */
function globalOptions(argv: string[]) {
  const rest: string[] = [];
  let url = process.env.SIFT_URL ?? `http://localhost:${process.env.PORT ?? 8787}`;
  let key = process.env.SIFT_API_KEY;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--url' || a === '--key') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === '--url') url = v;
      else key = v;
    } else if (a.startsWith('--url=')) url = a.slice(6);
    else if (a.startsWith('--key=')) key = a.slice(6);
    else rest.push(a);
  }
  return { rest, url, key };
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`Unknown command "${name}".\n\n${HELP}\n`);
    return 2;
  }
  try {
    const { rest, url, key } = globalOptions(args);
    const command = await load();
    const code = await command.run({ argv: rest, url, key, out: process.stdout, err: process.stderr, tty: Boolean(process.stderr.isTTY) });
    return code ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof ApiError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
