// Choosing cases: glob patterns on ids (`*` within a segment, `**` across segments) or tags
// (`tag:getblob`). A case runs when it matches some --run pattern (or none is given) and no --skip,
// meets the --level, and falls in the --shard.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CaseMetadata, Level } from '../model/case.js';
import { HarnessError } from '../errors.js';
import { INPUT_LIMITS, InputLimitError, readInputFile } from '../files/read-input.js';

export interface Selection {
  run: readonly string[];
  skip: readonly string[];
  /** A minimum strictness: MUST keeps MUST cases only, SHOULD keeps MUST and SHOULD, INFO keeps all. */
  level?: Level;
  /** Run only shard `index` (1-based) of `count`; membership depends on the case id alone. */
  shard?: Shard;
}

export interface Shard {
  index: number;
  count: number;
}

/** Strictest first: a case is kept when its rank is at most the selected level's. */
const LEVEL_RANK: Record<Level, number> = { MUST: 0, SHOULD: 1, INFO: 2 };

export function selectCases<C extends CaseMetadata>(checks: readonly C[], selection: Selection): C[] {
  const run = selection.run.map(makeMatcher);
  const skip = selection.skip.map(makeMatcher);
  const { level, shard } = selection;
  const chosen = checks.filter(
    (c) =>
      (run.length === 0 || run.some((m) => m(c))) &&
      !skip.some((m) => m(c)) &&
      (level === undefined || LEVEL_RANK[c.level] <= LEVEL_RANK[level]) &&
      (shard === undefined || shardOf(c.id, shard.count) === shard.index),
  );
  const unmatched = selection.run.filter((_, i) => !checks.some((c) => run[i]?.(c)));
  if (unmatched.length > 0) throw new HarnessError('PC_USAGE', `--run ${unmatched.map(describePattern).join(', ')} matches no case (see \`proxy-conformance list\`)`);
  return chosen;
}

/**
 * The shard (1-based, of `count`) a case id belongs to: the first 4 bytes of sha256(id) mod count.
 * Hashing the id, not a position, keeps shards disjoint and complete whatever the suite order or filters.
 */
export function shardOf(id: string, count: number): number {
  return (createHash('sha256').update(id).digest().readUInt32BE(0) % count) + 1;
}

/** `--shard i/n`, e.g. "2/4", as a {@link Shard}; throws a PC_USAGE HarnessError unless 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new HarnessError('PC_USAGE', `--shard takes i/n with 1 ≤ i ≤ n (for example 2/4), not "${text}"`);
  }
  return { index, count };
}

/** `--level` as a {@link Level}, in any letter case; throws a PC_USAGE HarnessError for anything else. */
export function parseLevel(text: string): Level {
  const level = text.trim().toUpperCase();
  if (Object.hasOwn(LEVEL_RANK, level)) return level as Level;
  throw new HarnessError('PC_USAGE', `--level takes MUST, SHOULD or INFO, not "${text}"`);
}

/**
 * --run/--skip values with every `@FILE` replaced by the patterns it lists: one per line, blank
 * lines and `#` comments ignored, relative paths against `cwd`. A list file's lines are not expanded again.
 */
export function expandPatternArgs(values: readonly string[], cwd: string = process.cwd()): string[] {
  return values.flatMap((value) => (value.startsWith('@') ? readPatternFile(value.slice(1), cwd) : [value]));
}

/**
 * Where each pattern read from a list file came from (`@FILE line N`): an error names that, never
 * the line itself, since a list may be any file (`@/proc/self/environ`).
 */
const PATTERN_ORIGINS = new Map<string, string>();

function readPatternFile(file: string, cwd: string): string[] {
  let text: string;
  try {
    text = readInputFile(path.resolve(cwd, file), INPUT_LIMITS.small);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof InputLimitError ? `refused, ${error.message}` : (error as Error).message;
    throw new HarnessError('PC_USAGE', `cannot read the pattern list @${file}: ${reason}`, { cause: error });
  }
  const patterns: string[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    // Case ids and tags are printable ASCII: anything else is not a pattern list.
    if (!/^[\x21-\x7e]+$/.test(line)) throw new HarnessError('PC_USAGE', `the pattern list @${file} line ${i + 1} is not a pattern (ids and tags are printable ASCII without spaces)`);
    if (!PATTERN_ORIGINS.has(line)) PATTERN_ORIGINS.set(line, `@${file} line ${i + 1}`);
    patterns.push(line);
  }
  return patterns;
}

function describePattern(pattern: string): string {
  return PATTERN_ORIGINS.get(pattern) ?? pattern;
}

function makeMatcher(pattern: string): (c: CaseMetadata) => boolean {
  if (pattern.startsWith('tag:')) {
    const tag = pattern.slice(4);
    return (c) => c.tags.includes(tag);
  }
  const source = pattern
    .split(/(\*\*|\*|\?)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  // A pattern without a slash or wildcard also matches a whole group: `getblob` = `getblob/**`.
  const re = new RegExp(`^${source}${/[/*?]/.test(pattern) ? '' : '(/.*)?'}$`);
  return (c) => re.test(c.id);
}
