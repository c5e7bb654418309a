import type { CliContext } from '../context.js';

export const summary = 'not available yet';

// Placeholder until this command's issue lands.
export async function run(ctx: CliContext): Promise<number> {
  ctx.err.write('sift import is not available yet\n');
  return 2;
}
