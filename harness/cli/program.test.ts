import { describe, expect, test } from 'vitest';
import type { CommandIo } from './command-io.js';
import { SUBCOMMANDS } from './commands/index.js';
import { makeProgram } from './program.js';

const io: CommandIo = { out: { write: () => {} }, err: { write: () => {} }, signal: new AbortController().signal, setExitCode: () => {} };

describe('the program', () => {
  test('each subcommand in the table is loaded under the name it answers to', async () => {
    for (const subcommand of SUBCOMMANDS) expect((await subcommand.load())(io).name()).toBe(subcommand.name);
  });

  test('a command line loads the subcommand it starts with, none for a run, and every one for help, an unknown command or options first', async () => {
    const names = async (args: string[]) => (await makeProgram(io, ['node', 'cli', ...args])).commands.map((c) => c.name());
    const all = SUBCOMMANDS.map((s) => s.name);
    expect(await names(['fidelity', '--impl', 'x'])).toEqual(['fidelity']);
    expect(await names(['--impl', 'x', '--run', 'tag:smoke'])).toEqual([]);
    expect(await names(['--quiet', 'list'])).toEqual(all);
    expect(await names(['--help'])).toEqual(all);
    expect(await names(['fidelty'])).toEqual(all);
    expect((await makeProgram(io)).commands.map((c) => c.name())).toEqual(all);
  });
});

describe('options every subcommand takes alike', () => {
  /** What each subcommand needs besides the option to parse at all. */
  const REQUIRED: Record<string, string[]> = {
    merge: ['a.json', '--out', 'merged'],
    diff: ['a.json', 'b.json'],
    fixtures: ['--out', 'fixtures'],
    replay: ['finding.json'],
    client: ['python3'],
    'results-table': ['results.json'],
  };
  // reference-proxy's arguments are the proxy's own command line, as skopeo's experimental-image-proxy takes it.
  const subcommands = SUBCOMMANDS.map((s) => s.name).filter((name) => name !== 'reference-proxy');

  test.each(subcommands)('%s takes --no-color', async (name) => {
    const program = await makeProgram(io, ['node', 'cli', name]);
    const command = program.commands.find((c) => c.name() === name)!;
    let parsed: Record<string, unknown> | undefined;
    // The command's own action would run it: here the parse is what is tested.
    command.action(function (this: typeof command) {
      parsed = this.opts();
    });
    await program.parseAsync([name, '--no-color', ...(REQUIRED[name] ?? [])], { from: 'user' });
    expect(parsed?.color).toBe(false);
  });

  test('mutation-score takes --quiet, as every command that prints progress does', async () => {
    const program = await makeProgram(io, ['node', 'cli', 'mutation-score']);
    const command = program.commands.find((c) => c.name() === 'mutation-score')!;
    let parsed: Record<string, unknown> | undefined;
    command.action(function (this: typeof command) {
      parsed = this.opts();
    });
    await program.parseAsync(['mutation-score', '--quiet'], { from: 'user' });
    expect(parsed?.quiet).toBe(true);
  });
});
