// `proxy-conformance list`: the cases a run would select, without running anything. Takes the same
// selection as a run (--run, --skip, --level, --shard, and the config file's run, skip and level).
import { Command, Option } from 'commander';
import { expandPatternArgs, parseLevel, parseShard, selectChecks, type Shard } from '../cases/select.js';
import { loadSuite } from '../cases/suite.js';
import type { CaseMetadata, Level } from '../model/case.js';
import { isHarnessError } from '../errors.js';
import { asParser, collect, mergedOptions } from '../fuzz/options.js';
import { mergeConfig, readConfigOption } from './config-file.js';
import { EXIT } from '../verdicts/exit-codes.js';

export interface ListCommandIo {
  out: { write(text: string): void };
  err: { write(text: string): void };
  setExitCode(code: number): void;
  /** Where relative @FILE lists and the config file are looked up (default: the process's cwd). */
  cwd?: string;
}

export interface ListOptions {
  run?: string[];
  skip?: string[];
  /** A string when the main program parsed the flag before `list`. */
  level?: Level | string;
  shard?: Shard | string;
  json?: boolean;
  config?: string;
}

/** One case in `list --json`. */
export interface ListedCase {
  id: string;
  title: string;
  level: Level;
  since: string;
  until?: string;
  tags: string[];
  reference?: string;
}

/** The `list` subcommand, to be added to the main program with `addCommand`. */
export function makeListCommand(io: ListCommandIo): Command {
  return new Command('list')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s.replace(/\n$/, '')), writeErr: (s) => io.err.write(s.replace(/\n$/, '')) })
    .description('print the cases a run would select: id, level, protocol versions, tags, title')
    .option('--run <pattern>', 'only cases whose id matches (glob: * within a segment, ** across; tag:NAME; @FILE), repeatable', collect)
    .option('--skip <pattern>', 'leave out cases whose id matches (same forms as --run), repeatable', collect)
    .addOption(new Option('--level <level>', 'minimum strictness: MUST, SHOULD (MUST and SHOULD) or INFO (all)').argParser(asParser(parseLevel)))
    .addOption(new Option('--shard <i/n>', 'only shard i of n (by a hash of the case id)').argParser(asParser(parseShard)))
    .option('--json', 'print a JSON array instead of lines')
    .option('--config <file>', 'read defaults from FILE (default: ./proxy-conformance.config.json when present)')
    .action((_options: unknown, self: Command) => {
      try {
        io.setExitCode(runList(mergedOptions<ListOptions>(self), io));
      } catch (error) {
        if (!isHarnessError(error)) throw error;
        io.err.write(`list: ${error.message}`);
        io.setExitCode(error.code === 'PC_USAGE' || error.code === 'PC_CONFIG' ? EXIT.USAGE : EXIT.HARNESS_ERROR);
      }
    });
}

export function runList(options: ListOptions, io: ListCommandIo): number {
  const cwd = io.cwd ?? process.cwd();
  const level = options.level !== undefined ? parseLevel(options.level) : undefined;
  const shard = typeof options.shard === 'string' ? parseShard(options.shard) : options.shard;
  const merged = mergeConfig(readConfigOption(options.config, cwd), { run: options.run, skip: options.skip, ...(level !== undefined ? { level } : {}) });
  const suite = loadSuite();
  const selection = {
    run: expandPatternArgs(merged.run, cwd),
    skip: expandPatternArgs(merged.skip, cwd),
    ...(merged.level !== undefined ? { level: merged.level } : {}),
    ...(shard !== undefined ? { shard } : {}),
  };
  const chosen = selectChecks(suite, selection);
  if (options.json) {
    io.out.write(JSON.stringify(chosen.map(makeListedCase), null, 2));
    return EXIT.OK;
  }
  for (const line of formatCaseLines(chosen)) io.out.write(line);
  io.out.write(`${chosen.length} ${chosen.length === 1 ? 'case' : 'cases'} (of ${suite.length})`);
  return EXIT.OK;
}

export function makeListedCase(c: CaseMetadata): ListedCase {
  return {
    id: c.id,
    title: c.title,
    level: c.level,
    since: c.since,
    ...(c.until !== undefined ? { until: c.until } : {}),
    tags: [...c.tags],
    ...(c.reference !== '' ? { reference: c.reference } : {}),
  };
}

/** One aligned line per case: id, level, the protocol versions it applies to (a semver range), tags, title. */
export function formatCaseLines(cases: readonly CaseMetadata[]): string[] {
  const rows = cases.map((c) => [c.id, c.level, versionRange(c), c.tags.length > 0 ? c.tags.join(',') : '-', c.title]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(0, ...rows.map((r) => r[i]?.length ?? 0)));
  return rows.map((r) => r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '));
}

/** `until` is exclusive: a case about versions before it. */
function versionRange(c: CaseMetadata): string {
  return c.until === undefined ? `>=${c.since}` : `>=${c.since} <${c.until}`;
}
