import { describe, expect, test } from 'vitest';
import type { CommandIo } from './command-io.js';
import { SUBCOMMANDS } from './commands/index.js';
import { makeProgram } from './program.js';

const io: CommandIo = { out: { write: () => {} }, err: { write: () => {} }, signal: new AbortController().signal, setExitCode: () => {} };

describe('the program', () => {
  test('each subcommand in the table is loaded under the name it answers to', async () => {
    for (const subcommand of SUBCOMMANDS) expect((await subcommand.load())(io).name()).toBe(subcommand.name);
  });

  test('a command line naming a subcommand first loads that one alone; any other loads them all', async () => {
    expect((await makeProgram(io, ['node', 'cli', 'fidelity', '--impl', 'x'])).commands.map((c) => c.name())).toEqual(['fidelity']);
    const all = SUBCOMMANDS.map((s) => s.name);
    expect((await makeProgram(io, ['node', 'cli', '--quiet', 'list'])).commands.map((c) => c.name())).toEqual(all);
    expect((await makeProgram(io, ['node', 'cli', 'fidelty'])).commands.map((c) => c.name())).toEqual(all);
    expect((await makeProgram(io)).commands.map((c) => c.name())).toEqual(all);
  });
});
