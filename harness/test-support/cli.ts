// The built CLI run as a user runs it (`npm test` builds first), from a scratch working directory
// of the calling test file: a run that writes its reports to the default reports/<time> leaves them
// there, not in the checkout, and the directory is removed after the file's tests.
import { execa } from 'execa';
import { CLI } from './paths.js';
import { scratchDir } from './scratch-dir.js';
import { PROCESS_STUCK_MS } from './stuck.js';

/** A runner for `node bin/proxy-conformance.js PREFIX ARGS`; call it once at the top of a test file. */
export function cliRunner(prefix: readonly string[] = []) {
  const scratch = scratchDir('proxy-conformance-cli');
  /** `cwd` replaces the scratch directory, for tests of what the CLI finds in its working directory; `timeoutMs` replaces the stuck-process bound. */
  return (args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}) =>
    execa('node', [CLI, ...prefix, ...args], { reject: false, timeout: options.timeoutMs ?? PROCESS_STUCK_MS, env: { NO_COLOR: '1' }, cwd: options.cwd ?? scratch });
}

/**
 * For runs whose subject is not a hang: a reply deadline that a loaded machine cannot break. The
 * test implementations are interpreters, and one started under load (python3 through a version
 * manager's shim, a fresh Node) can take longer than the default 5 s to answer Initialize.
 */
export const UNHURRIED = ['--timeout', '60000'] as const;
