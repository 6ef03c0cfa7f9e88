// Where the project's own files are, for tests: the built CLI and the small test implementations.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO_ROOT, 'bin', 'proxy-conformance.js');
export const MINI_PROXY = path.join(REPO_ROOT, 'harness', 'test-support', 'impls', 'mini-proxy.py');
export const EXITS_AT_ONCE = path.join(REPO_ROOT, 'harness', 'test-support', 'impls', 'exits-at-once.sh');
export const SLOW_START = path.join(REPO_ROOT, 'harness', 'test-support', 'impls', 'slow-start.sh');
export const HOSTILE = path.join(REPO_ROOT, 'harness', 'test-support', 'impls', 'hostile.py');
