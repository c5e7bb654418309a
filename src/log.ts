import type { Log } from './deps.js';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

/** JSON lines on stderr (console.error works on Node and Workers), at or above the configured level. */
export function jsonLog(level: Level): Log {
  const min = LEVELS.indexOf(level);
  const emit = (l: Level) => (msg: string, data?: Record<string, unknown>) => {
    if (LEVELS.indexOf(l) < min) return;
    console.error(JSON.stringify({ t: new Date().toISOString(), level: l, msg, ...data }));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
