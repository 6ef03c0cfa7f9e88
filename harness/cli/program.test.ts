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
