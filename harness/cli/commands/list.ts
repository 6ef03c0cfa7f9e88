// `proxy-conformance list`: the cases a run would select, without running anything. Takes the same
// selection as a run (--run, --skip, --level, --shard, and the config file's run, skip and level).
import type { Command } from 'commander';
import { selectCases, type Shard } from '../../run/select.js';
import { loadSuite } from '../../run/suite.js';
import { CLIENT_CASES } from '../../client/cases/index.js';
import { HarnessError } from '../../errors.js';
import type { CaseMetadata, Level } from '../../model/case.js';
import { EXIT } from '../../verdicts/exit-codes.js';
import { runReportingErrors } from '../command-errors.js';
import { cwdOf, makeSubcommand, type CommandIo } from '../command-io.js';
import { readConfigOption } from '../options/config-file.js';
import { mergeOptions } from '../options/run-options.js';
import { mergedOptions } from '../options/merged-options.js';
import { addOptions } from '../options/option-table.js';

export interface ListOptions {
  run?: string[];
  skip?: string[];
  level?: Level;
  shard?: Shard;
  json?: boolean;
  config?: string;
  /** Whose cases: the server role's (the default), the client role's, or both. */
  role?: string;
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

/** The `list` subcommand. */
export function makeListCommand(io: CommandIo): Command {
  const command = makeSubcommand('list', io).description('print the cases a run would select: id, level, protocol versions, tags, title');
  addOptions(command, ['run', 'skip', 'config', 'level', 'shard', 'color'], {
    run: 'only cases whose id matches (glob: * within a segment, ** across; tag:NAME; @FILE), repeatable',
    skip: 'leave out cases whose id matches (same forms as --run), repeatable',
    config: 'read defaults from FILE (default: ./proxy-conformance.config.json when present)',
    level: 'minimum strictness: MUST, SHOULD (MUST and SHOULD) or INFO (all)',
    shard: 'only shard i of n (by a hash of the case id)',
    color: 'accepted for every subcommand alike: list prints no colour',
  });
  return command
    .option('--json', 'print a JSON array instead of lines')
    .option('--role <role>', 'whose cases: server (a proxy judged), client (a client judged, `client -- CMD`) or all (default: server)')
    .action((_options: unknown, self: Command) => runReportingErrors('list', io, () => runList(mergedOptions<ListOptions>(self), io)));
}

export function runList(options: ListOptions, io: CommandIo): number {
  const cwd = cwdOf(io);
  const merged = mergeOptions(readConfigOption(options.config, cwd), { run: options.run, skip: options.skip, ...(options.level !== undefined ? { level: options.level } : {}) }, cwd);
  const suite = casesOfRole(options.role ?? 'server');
  const selection = {
    run: merged.run,
    skip: merged.skip,
    ...(merged.level !== undefined ? { level: merged.level } : {}),
    ...(options.shard !== undefined ? { shard: options.shard } : {}),
  };
  const chosen = selectCases(suite, selection);
  if (options.json) {
    io.out.write(JSON.stringify(chosen.map(makeListedCase), null, 2));
    return EXIT.OK;
  }
  for (const line of formatCaseLines(chosen)) io.out.write(line);
  io.out.write(`${chosen.length} ${chosen.length === 1 ? 'case' : 'cases'} (of ${suite.length})`);
  return EXIT.OK;
}

/** The cases of a role; a role the tool does not have is a usage error. */
function casesOfRole(role: string): readonly CaseMetadata[] {
  if (role === 'server') return loadSuite();
  if (role === 'client') return CLIENT_CASES;
  if (role === 'all') return [...loadSuite(), ...CLIENT_CASES];
  throw new HarnessError('PC_USAGE', `--role takes server, client or all, not ${JSON.stringify(role)}`);
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
