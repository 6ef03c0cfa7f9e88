// The real `--help` of the program and of every subcommand, read from the program object as the CLI
// prints it, against two rules: every option that takes a value shows its default, once (or is listed
// below as having none, with why); and every default the README gives for an option is the one
// --help shows. The README also names every option of a run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/paths.js';
import { makeProgram } from '../program.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** Options that take a value and have no default, by `COMMAND --flag`: what leaving them out means. */
const NO_DEFAULT: Record<string, string> = {
  'proxy-conformance --level': 'every level runs',
  'proxy-conformance --shard': 'every case runs',
  'proxy-conformance --coverage': 'no coverage is collected',
  'proxy-conformance --coverage-source': 'no source lines are shown',
  'list --level': 'every level is listed',
  'list --shard': 'every case is listed',
  'merge --out': 'required',
  'fixtures --out': 'required',
  'fixtures --golden': 'no golden summary is written',
  'mutation-score --shard': 'every fault is scored',
  'fuzz --path': 'sequences are explored, not replayed',
  'fuzz --coverage': 'no coverage is collected',
  'fuzz --coverage-source': 'no source lines are shown',
  'replay --coverage': 'no coverage is collected',
  'replay --coverage-source': 'no source lines are shown',
  'client --level': 'every level runs',
  'client --shard': 'every case runs',
  'fidelity --level': 'every level runs',
  'fidelity --shard': 'every case runs',
};

/** The README's passages about each command's options: [from, to] markers, the first of each after the last. */
const SECTIONS: Record<string, Array<[string, string]>> = {
  'proxy-conformance': [
    ['## Running it', 'Subcommands:'],
    ['### Coverage of a Go implementation', '```\ncoverage:'],
  ],
  fuzz: [
    ['## Property testing', 'How strong the property tests are'],
    ['### Coverage of a Go implementation', '```\ncoverage:'],
  ],
  'fault-detection': [['How strong the property tests are', '## The registry path']],
  'mutation-score': [['### Mutation score', '## Benchmarks']],
  client: [['## Judging a client', '## Property testing']],
  fidelity: [['### Fidelity to the real releases', '### Mutation score']],
};

const io = { out: { write: () => {} }, err: { write: () => {} }, signal: new AbortController().signal, setExitCode: () => {} };
const program = await makeProgram(io);
const commands: Command[] = [program, ...program.commands];

/** The text `COMMAND --help` prints, one line per option (no wrapping). */
function helpOf(command: Command): string {
  command.configureHelp({ helpWidth: 100_000 });
  return command.helpInformation();
}

/** The help line's description of an option, as --help prints it. */
function describedAs(command: Command, option: Option): string {
  const line = helpOf(command)
    .split('\n')
    .find((l) => l.startsWith(`  ${option.flags}  `));
  if (line === undefined) throw new Error(`${command.name()} --help has no line for ${option.flags}`);
  return line.slice(option.flags.length + 2).trim();
}

const takesValue = (o: Option) => o.required || o.optional;
const nameOf = (command: Command, o: Option) => `${command.name()} ${o.long ?? o.flags}`;
const valueOptions = commands.flatMap((command) => command.options.filter(takesValue).map((option) => ({ command, option, key: nameOf(command, option) })));

/** The defaults an option's help shows: `(default: X)`, `(… default X; …)`. */
function shownDefaults(description: string): string[] {
  return [...description.matchAll(/\bdefault:? ([^,;)]+)/g)].map((m) => m[1]!);
}

/** A default as text to compare: no quotes or backticks, `1000 ms` as `1000`, `15 s` as `15s`. */
function normalize(value: string): string {
  return value
    .replace(/[`"']/g, '')
    .replace(/(\d)\s*ms\b/g, '$1')
    .replace(/(\d)\s+s\b/g, '$1s')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The README's text of each option it mentions in a command's sections: from `` `--flag`` to the next option it mentions. */
function readmeMentions(command: string): Map<string, string[]> {
  const mentions = new Map<string, string[]>();
  for (const [from, to] of SECTIONS[command] ?? []) {
    const start = readme.indexOf(from);
    const end = readme.indexOf(to, start);
    expect(start, `README has "${from}"`).toBeGreaterThanOrEqual(0);
    expect(end, `README has "${to}" after "${from}"`).toBeGreaterThan(start);
    const text = readme.slice(start, end).replace(/\s*\n\s*/g, ' ');
    const at = [...text.matchAll(/`(--[a-z][a-z-]*)[ `=]/g)];
    at.forEach((m, i) => {
      const flag = m[1]!;
      mentions.set(flag, [...(mentions.get(flag) ?? []), text.slice(m.index, at[i + 1]?.index ?? text.length)]);
    });
  }
  return mentions;
}

describe('--help shows every default', () => {
  it('reads the help of every subcommand', () => {
    expect(commands.map((c) => c.name())).toEqual(expect.arrayContaining(['proxy-conformance', 'list', 'merge', 'fuzz', 'replay', 'mutation-score', 'fault-detection', 'client', 'fidelity']));
    expect(valueOptions.length).toBeGreaterThan(60);
  });

  it.each(valueOptions.map((v) => [v.key, v]))('%s shows one default, or is known to have none', (key, { command, option }) => {
    const shown = shownDefaults(describedAs(command, option));
    if (key in NO_DEFAULT) expect(shown, `${key} is listed as having no default (${NO_DEFAULT[key]})`).toEqual([]);
    else expect(shown, `${key}: ${describedAs(command, option)}`).toHaveLength(1);
  });

  it('lists as having no default only options that exist', () => {
    expect(Object.keys(NO_DEFAULT).filter((key) => !valueOptions.some((v) => v.key === key))).toEqual([]);
  });
});

describe('README and --help', () => {
  it.each(program.options.map((o) => [o.long!]))('README names the run option %s', (flag) => {
    expect([...readmeMentions('proxy-conformance').keys()]).toContain(flag);
  });

  const documented = Object.keys(SECTIONS).flatMap((name) => {
    const command = commands.find((c) => c.name() === name)!;
    return [...readmeMentions(name)].flatMap(([flag, texts]) =>
      texts.flatMap((text) => {
        const given = /\bdefault:? ([^,;)]+)/.exec(text)?.[1];
        return given === undefined ? [] : [{ key: `${name} ${flag}`, command, flag, given, text }];
      }),
    );
  });

  it('finds the defaults README gives, among them those the run and fuzz are asked about most', () => {
    const keys = documented.map((d) => d.key);
    for (const flag of ['--impl', '--sockfd', '--timeout', '--hang-timeout', '--progress-timeout', '--seed', '--jobs', '--fail-on', '--report-dir', '--format']) expect(keys).toContain(`proxy-conformance ${flag}`);
    for (const flag of ['--timeout', '--shrink-time', '--sequences-per-session']) expect(keys).toContain(`fuzz ${flag}`);
    expect(keys).toContain('fault-detection --out');
  });

  it.each(documented.map((d) => [d.key, d.given, d]))('README gives %s the default --help shows (%s)', (key, given, { command, flag, text }) => {
    const option = command.options.find((o) => o.long === flag);
    expect(option, `${key}: README names an option ${command.name()} does not have (${text})`).toBeDefined();
    const shown = shownDefaults(describedAs(command, option!));
    expect(shown, `${key}: README gives a default (${text}) that --help does not show`).toHaveLength(1);
    const [readmeValue, helpValue] = [normalize(given), normalize(shown[0]!)];
    // README may say more after the value ("INFO: every failure"): the value itself must be the same.
    expect(readmeValue === helpValue || (readmeValue.startsWith(helpValue) && /^[^a-z0-9]/.test(readmeValue.slice(helpValue.length))), `${key}: README "${given}", --help "${shown[0]}"`).toBe(true);
  });
});
