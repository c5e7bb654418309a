import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What every command gets: its own arguments, and how to reach the API. */
export interface CliContext {
  argv: string[];
  url: string;
  key: string | undefined;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** is stderr a terminal (progress bars redraw in place only there) */
  tty: boolean;
}

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage}`);
  }
}

/** A whole-number option, or undefined when absent; anything else is a usage error. */
export function wholeNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number (got "${v}")`);
  return Number(v);
}
