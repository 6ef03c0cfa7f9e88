// The results table's place in README.md and docs/results.md: the text between two HTML comments,
// which `npm run results:table` replaces with the `results-table` output of its runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BLOCK_BEGIN = '<!-- results-table:begin (npm run results:table writes this block) -->';
export const BLOCK_END = '<!-- results-table:end -->';

/** The project's root (from harness/bench and from dist/bench alike). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The files that carry the block. */
export const RESULTS_BLOCK_FILES = ['README.md', path.join('docs', 'results.md')].map((f) => path.join(PROJECT_ROOT, f));

/** The text between the markers (without them and the newlines next to them); throws when a file has no block, or two. */
export function readResultsBlock(text: string, file: string): string {
  const { before, after } = locate(text, file);
  return text.slice(before, after);
}

/** `text` with the block replaced by `block` (a trailing newline is dropped: the end marker starts the next line). */
export function replaceResultsBlock(text: string, block: string, file: string): string {
  const { before, after } = locate(text, file);
  return `${text.slice(0, before)}${block.trimEnd()}${text.slice(after)}`;
}

export function readResultsBlockOf(file: string): string {
  return readResultsBlock(readFileSync(file, 'utf8'), file);
}

function locate(text: string, file: string): { before: number; after: number } {
  const begin = text.indexOf(BLOCK_BEGIN);
  const end = text.indexOf(BLOCK_END);
  if (begin < 0 || end < begin || text.indexOf(BLOCK_BEGIN, begin + 1) >= 0 || text.indexOf(BLOCK_END, end + 1) >= 0) {
    throw new Error(`${file} has no results block (one "${BLOCK_BEGIN}" line, then one "${BLOCK_END}" line)`);
  }
  return { before: begin + BLOCK_BEGIN.length + 1, after: end - 1 };
}
