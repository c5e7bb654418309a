import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Router } from '../http/router.js';

export function healthRoutes(r: Router) {
  r.add(
    { method: 'get', path: '/healthz', scope: 'public', tag: 'health', summary: 'The process is alive', response: z.object({ status: z.literal('ok') }) },
    () => ({ status: 'ok' }),
  );
  r.add(
    { method: 'get', path: '/readyz', scope: 'public', tag: 'health', summary: 'The database answers', response: z.object({ status: z.literal('ready') }) },
    async ({ deps }) => {
      try {
        await sql`select 1`.execute(deps.db);
      } catch (e) {
        throw new AppError('unavailable', `The database is not reachable: ${(e as Error).message}`);
      }
      return { status: 'ready' };
    },
  );
}
