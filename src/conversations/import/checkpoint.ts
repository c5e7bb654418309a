import { readFile, rm, writeFile } from 'node:fs/promises';

/**
 * An interrupted import resumes after the last line whose every predecessor is done (imported
 * or rejected). The checkpoint sits beside the file, per project, and is removed when a run
 * completes; idempotency keys on the metric writes make re-sending a line harmless anyway.
 */
export function checkpointPath(file: string, project: string): string {
  return `${file}.sift-import-${project.replace(/[^a-zA-Z0-9_-]/g, '_')}.json`;
}

export async function readCheckpoint(path: string): Promise<number> {
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as { line?: unknown };
    return typeof v.line === 'number' && Number.isInteger(v.line) && v.line >= 0 ? v.line : 0;
  } catch {
    return 0;
  }
}

export const writeCheckpoint = (path: string, line: number) => writeFile(path, JSON.stringify({ line, at: new Date().toISOString() }));
export const clearCheckpoint = (path: string) => rm(path, { force: true });

/** Lines in flight; `done()` is the highest line with nothing unfinished at or before it. */
export class LineTracker {
  private inflight = new Set<number>();
  private last = 0;
  constructor(start: number) {
    this.last = start;
  }
  begin(line: number) {
    this.inflight.add(line);
    this.last = Math.max(this.last, line);
  }
  end(line: number) {
    this.inflight.delete(line);
  }
  done(): number {
    return this.inflight.size ? Math.min(...this.inflight) - 1 : this.last;
  }
}
