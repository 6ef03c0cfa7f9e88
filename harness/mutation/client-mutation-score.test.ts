// The client side's mutation score through the command line: the reference client's deviations,
// each killed by a client case the clean client passes; a surviving one fails the command.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliRunner } from '../test-support/cli.js';
import { REPO_ROOT } from '../test-support/paths.js';

const cli = cliRunner(['mutation-score']);
const REFERENCE_CLIENT = path.join(REPO_ROOT, 'harness/test-support/clients/reference-client.py');

describe('mutation-score --role client', () => {
  test('kills the named deviations of the reference client and scores them', async () => {
    const result = await cli(['--role', 'client', '--break', 'ignores-digest', '--break', 'keeps-proxy-socket', '--run', 'client/integrity/**', '--run', 'client/fds/**', '--', 'python3', REFERENCE_CLIENT]);
    expect(result.stdout).toMatch(/^killed +ignores-digest .*\n/m);
    expect(result.stdout).toMatch(/^\| keeps-proxy-socket \| client\/fds\/proxy-socket-end-closed \|$/m);
    expect(result.stdout).toContain('client mutation score: 2/2');
    expect(result.exitCode).toBe(0);
  });

  test('a deviation no selected case catches survives, and the command fails', async () => {
    const result = await cli(['--role', 'client', '--break', 'keeps-proxy-socket', '--run', 'client/integrity/manifest-byte-changed', '--', 'python3', REFERENCE_CLIENT]);
    expect(result.stdout).toMatch(/^SURVIVED +keeps-proxy-socket /m);
    expect(result.stdout).toContain('client mutation score: 0/1');
    expect(result.exitCode).toBe(1);
  });

  test('is a usage error without a client program, or with a client program but no --role client', async () => {
    const none = await cli(['--role', 'client']);
    expect(none.stderr).toContain('needs the client program');
    expect(none.exitCode).toBe(2);
    const stray = await cli(['--role', 'proxy', '--', 'python3', REFERENCE_CLIENT]);
    expect(stray.stderr).toContain('--role takes server or client');
    expect(stray.exitCode).toBe(2);
  });
});
