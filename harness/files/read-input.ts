// Files a user names (configs, baselines, pattern lists, results to merge or diff) are read with a
// size limit and parsed with a nesting limit: `--config /dev/zero` or a JSON bomb is one sentence
// and exit 2, not gigabytes of memory or a stack overflow in the schema validator.
import { closeSync, openSync, readSync } from 'node:fs';
import { jsonDepth } from '../json-depth.js';

/** Sizes past which an input file is refused, by what it is. */
export const INPUT_LIMITS = {
  /** Config files, pattern lists. */
  small: 1024 * 1024,
  /** Baselines. */
  baseline: 16 * 1024 * 1024,
  /** results.json documents (transcripts make them large). */
  report: 256 * 1024 * 1024,
} as const;

/** Deeper than any document the harness reads or writes (results.json nests about 10 deep). */
export const MAX_JSON_DEPTH = 256;

/** Thrown for an input that is too large or too deep; callers wrap it in their own HarnessError. */
export class InputLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputLimitError';
  }
}

/**
 * Reads `file` as UTF-8, at most `maxBytes` of it: a larger file (or an endless one, /dev/zero)
 * is an InputLimitError after `maxBytes + 1` bytes. Other errors are the file system's.
 */
export function readInputFile(file: string, maxBytes: number, startsWell?: (head: string) => boolean): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (startsWell !== undefined && chunks.length === 1 && !startsWell(chunk.subarray(0, n).toString('latin1'))) {
        throw new InputLimitError('it is not a JSON document (it does not start with { or [)');
      }
      if (total > maxBytes) throw new InputLimitError(`it is larger than ${formatBytes(maxBytes)}`);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * {@link readInputFile} then {@link parseBoundedJson}, refusing at the first chunk a file that does
 * not start like a JSON document (an endless /dev/zero is refused after 64 KiB, not `maxBytes`).
 */
export function readJsonInputFile(file: string, maxBytes: number, maxDepth: number = MAX_JSON_DEPTH): unknown {
  return parseBoundedJson(readInputFile(file, maxBytes, (head) => /^\s*$/.test(head) || /^\s*[[{]/.test(head)), maxDepth);
}

/** JSON.parse after a scan of the nesting depth: deeper than `maxDepth` is an InputLimitError. */
export function parseBoundedJson(text: string, maxDepth: number = MAX_JSON_DEPTH): unknown {
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) throw new InputLimitError(`its JSON nests deeper than ${maxDepth} levels`);
  return JSON.parse(text);
}


function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
