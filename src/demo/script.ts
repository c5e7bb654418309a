import type { Rng } from './prng.js';

export interface DemoTurn {
  role: 'user' | 'agent' | 'function' | 'system';
  text: string;
  /** ISO 8601 */
  at: string;
  /** the function's name, on function turns */
  name?: string;
}

/** Builds a transcript turn by turn, moving a clock by how long each turn takes to speak. */
export class Script {
  readonly turns: DemoTurn[] = [];
  private t: number;

  constructor(
    start: Date,
    private readonly rng: Rng,
  ) {
    this.t = start.getTime();
  }

  private push(role: DemoTurn['role'], text: string, name?: string) {
    this.turns.push({ role, text, at: new Date(this.t).toISOString(), ...(name ? { name } : {}) });
    const words = text.split(/\s+/).length;
    // about 2.6 words a second when spoken, plus a pause; function calls take under two seconds
    const ms = role === 'function' ? this.rng.int(300, 1800) : Math.round((words / 2.6) * 1000) + this.rng.int(600, 2400);
    this.t += ms;
  }

  agent(text: string) {
    this.push('agent', text);
  }

  user(text: string) {
    this.push('user', text);
  }

  /** a function (tool) call's result, as the platform logs it */
  fn(name: string, result: Record<string, unknown>) {
    this.push('function', JSON.stringify(result), name);
  }

  /** waits in silence, for example while the caller looks something up */
  pause(ms: number) {
    this.t += ms;
  }

  get now(): Date {
    return new Date(this.t);
  }
}

/** Fills `{name}` placeholders; a template may list alternatives to draw from. */
export function say(rng: Rng, templates: readonly string[], vars: Record<string, string> = {}): string {
  return rng.pick(templates).replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
}
