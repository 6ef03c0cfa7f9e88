// Which source lines a file's blocks cover: a line belongs to the block holding its first
// non-blank character (blocks are half-open position ranges, and a block body starts after the `{`
// of the line that opens it, so that line stays with the code before it).
import type { CoverageBlock } from './record.js';

export type LineState = 'hit' | 'missed' | 'none';

export function lineStates(source: readonly string[], blocks: readonly CoverageBlock[]): LineState[] {
  return source.map((text, i) => {
    const first = text.search(/\S/);
    if (first < 0) return 'none';
    const line = i + 1;
    const col = first + 1;
    const owner = blocks.find((b) => before(b.startLine, b.startCol, line, col) && before(line, col, b.endLine, b.endCol, true));
    return owner === undefined ? 'none' : owner.count > 0 ? 'hit' : 'missed';
  });
}

/** (l1, c1) ≤ (l2, c2), or < when `strict`. */
function before(l1: number, c1: number, l2: number, c2: number, strict = false): boolean {
  return l1 < l2 || (l1 === l2 && (strict ? c1 < c2 : c1 <= c2));
}

/** The blocks no process ran, in source order. */
export function missedBlocks(blocks: readonly CoverageBlock[]): CoverageBlock[] {
  return blocks.filter((b) => b.count === 0 && b.statements > 0);
}

/** `412.3–415.4`: where a block runs, as line.column. */
export function formatRange(b: CoverageBlock): string {
  return `${b.startLine}.${b.startCol}–${b.endLine}.${b.endCol}`;
}
