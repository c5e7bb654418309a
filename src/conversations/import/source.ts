import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** One item of an import file: its line (JSONL) or position (JSON array), parsed or not. */
export type SourceItem = { line: number; value: unknown } | { line: number; error: string };

export type FileKind = 'jsonl' | 'json';

/**
 * JSONL unless the file is a JSON document: `.json` files, or any file whose whole text parses
 * as one JSON value (an array of conversations, PolyAI's `{"conversations": [...]}` page, or a
 * single conversation object).
 */
export async function detectKind(path: string): Promise<FileKind> {
  if (/\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  if (/\.json$/i.test(path)) return 'json';
  const { size } = await stat(path);
  if (size > 256 * 1024 * 1024) return 'jsonl';
  try {
    JSON.parse(await readFile(path, 'utf8'));
    return 'json';
  } catch {
    return 'jsonl';
  }
}

function itemsOf(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object' && Array.isArray((doc as { conversations?: unknown }).conversations)) return (doc as { conversations: unknown[] }).conversations;
  return [doc];
}

/** Counts items for the progress bar without holding the file in memory (JSONL) . */
export async function countItems(path: string, kind: FileKind): Promise<number> {
  if (kind === 'json') return itemsOf(JSON.parse(await readFile(path, 'utf8'))).length;
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) if (line.trim()) n++;
  return n;
}

/** Streams items; blank JSONL lines are skipped but keep their numbers. */
export async function* readItems(path: string, kind: FileKind): AsyncGenerator<SourceItem> {
  if (kind === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      yield { line: 1, error: `the file is not valid JSON: ${(e as Error).message}` };
      return;
    }
    let i = 0;
    for (const value of itemsOf(doc)) yield { line: ++i, value };
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (e) {
      yield { line, error: `not valid JSON: ${(e as Error).message}` };
    }
  }
}
