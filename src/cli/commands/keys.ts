import type { CliContext } from '../context.js';
import { parse, UsageError } from '../context.js';
import { api } from '../http.js';

export const summary = 'manage API keys';

const USAGE = `sift keys create --name NAME --scopes S1,S2 [--projects P1,P2] [--expires 90d]
sift keys list
sift keys revoke KEY_ID`;

interface Key {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  projects: string[] | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  secret?: string;
}

const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

export async function run(ctx: CliContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  if (sub === 'create') {
    const { values } = parse(rest, { name: { type: 'string' }, scopes: { type: 'string' }, projects: { type: 'string' }, expires: { type: 'string' } }, USAGE);
    if (!values.scopes) throw new UsageError(`--scopes is required\n\n${USAGE}`);
    const key = await api<Key>(ctx, 'POST', '/v1/keys', {
      name: values.name ?? 'cli key',
      scopes: list(values.scopes),
      ...(values.projects ? { projects: list(values.projects) } : {}),
      ...(values.expires ? { expires_in: values.expires } : {}),
    });
    ctx.out.write(`Created ${key.id} (${key.scopes.join(', ')}). The secret is shown once:\n${key.secret}\n`);
    return 0;
  }
  if (sub === 'list') {
    const { data } = await api<{ data: Key[] }>(ctx, 'GET', '/v1/keys');
    for (const k of data) {
      const state = k.revoked_at ? 'revoked' : k.expires_at && new Date(k.expires_at) < new Date() ? 'expired' : 'active';
      ctx.out.write(
        `${k.id}  ${k.prefix}  ${state.padEnd(7)}  ${k.name}  [${k.scopes.join(',')}]${k.projects ? `  projects=${k.projects.join(',')}` : ''}  last used ${k.last_used_at ?? 'never'}\n`,
      );
    }
    return 0;
  }
  if (sub === 'revoke') {
    const id = rest[0];
    if (!id) throw new UsageError(USAGE);
    await api(ctx, 'DELETE', `/v1/keys/${encodeURIComponent(id)}`);
    ctx.out.write(`Revoked ${id}\n`);
    return 0;
  }
  throw new UsageError(USAGE);
}
