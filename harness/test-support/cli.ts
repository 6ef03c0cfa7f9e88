// The built CLI run as a user runs it (`npm test` builds first), from a scratch working directory
// of the calling test file: a run that writes its reports to the default reports/<time> leaves them
// there, not in the checkout, and the directory is removed after the file's tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll } from 'vitest';
import { CLI } from './paths.js';

export interface CliRunOptions {
  /** Run from this directory instead of the scratch one (for tests of cwd-relative behaviour). */
  cwd?: string;
  timeout?: number;
}

/** A runner for `node bin/proxy-conformance.js ARGS`; call it once at the top of a test file. */
export function cliRunner(prefix: readonly string[] = []) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'proxy-conformance-cli-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  return (args: readonly string[], options: CliRunOptions = {}) =>
    execa('node', [CLI, ...prefix, ...args], { reject: false, timeout: options.timeout ?? 120_000, env: { NO_COLOR: '1' }, cwd: options.cwd ?? scratch });
}
