// Reading what `go tool covdata` prints: the text profile (`textfmt`, one block a line) and the
// function list (`func`, where each function starts), into per-file and per-function statement counts.
import type { CoverageBlock, FileCoverage, FunctionCoverage, StatementCount } from './record.js';

const BLOCK_LINE = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;
const FUNC_LINE = /^(.+):(\d+):\s+(\S+)\s+[\d.]+%$/;

/** Blocks by file from a text profile; a block listed twice (several inputs) has its counts summed. */
export function parseTextProfile(text: string): Map<string, CoverageBlock[]> {
  const byKey = new Map<string, { file: string; block: CoverageBlock }>();
  for (const line of text.split('\n')) {
    const m = BLOCK_LINE.exec(line.trim());
    if (m === null) continue;
    const [, file, sl, sc, el, ec, statements, count] = m as unknown as [string, string, string, string, string, string, string, string];
    const key = `${file}:${sl}.${sc},${el}.${ec}`;
    const seen = byKey.get(key);
    if (seen !== undefined) {
      seen.block.count += Number(count);
      continue;
    }
    byKey.set(key, { file, block: { startLine: Number(sl), startCol: Number(sc), endLine: Number(el), endCol: Number(ec), statements: Number(statements), count: Number(count) } });
  }
  const files = new Map<string, CoverageBlock[]>();
  for (const { file, block } of byKey.values()) files.set(file, [...(files.get(file) ?? []), block]);
  for (const blocks of files.values()) blocks.sort((a, b) => a.startLine - b.startLine || a.startCol - b.startCol);
  return files;
}

/** Where each function starts, by file, from `go tool covdata func` (function literals are not listed: their blocks count in the function around them). */
export function parseFunctionList(text: string): Map<string, Array<{ name: string; line: number }>> {
  const files = new Map<string, Array<{ name: string; line: number }>>();
  for (const line of text.split('\n')) {
    const m = FUNC_LINE.exec(line.trim());
    if (m === null) continue;
    const [, file, at, name] = m as unknown as [string, string, string, string];
    files.set(file, [...(files.get(file) ?? []), { name, line: Number(at) }]);
  }
  return files;
}

export function countStatements(blocks: readonly CoverageBlock[]): StatementCount {
  let statements = 0;
  let covered = 0;
  for (const b of blocks) {
    statements += b.statements;
    if (b.count > 0) covered += b.statements;
  }
  return { statements, covered };
}

/** Per-file and per-function counts; each block belongs to the last function starting at or before it. */
export function summarizeFiles(blocks: Map<string, CoverageBlock[]>, functions: Map<string, Array<{ name: string; line: number }>>): FileCoverage[] {
  return [...blocks]
    .map(([file, fileBlocks]) => {
      const starts = [...(functions.get(file) ?? [])].sort((a, b) => a.line - b.line);
      const perFunction: FunctionCoverage[] = starts.map((f) => ({ ...f, statements: 0, covered: 0 }));
      for (const block of fileBlocks) {
        const owner = findLast(perFunction, (f) => f.line <= block.startLine);
        if (owner === undefined) continue;
        owner.statements += block.statements;
        if (block.count > 0) owner.covered += block.statements;
      }
      return { file, ...countStatements(fileBlocks), functions: perFunction };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return items[i];
  return undefined;
}

/**
 * Whether `file` (an import path and file name) is one the pattern names: the pattern is matched
 * against the path's last segments, `*` within a segment and `**` across (`cmd/skopeo/*.go`).
 */
export function matchesFilePattern(file: string, pattern: string): boolean {
  const body = pattern
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
    .join('.*');
  return new RegExp(`(^|/)${body}$`).test(file);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
