// Real clients nobody here wrote: skopeo's own Go proxy client tests, bookworm's (built from Debian's
// source package at test time) and sid's 1.22.0 (built with that release by .ci/build-skopeo), judged
// by the client mode against their recorded baselines (with reasons). They fail, never skip, when
// a build is missing.
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { cliRunner } from '../test-support/cli.js';
import { REPO_ROOT } from '../test-support/paths.js';
import { requireTool } from '../test-support/require-tool.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { requireSkopeoGoClient } from '../test-support/skopeo-builds.js';
import { buildCacheDir } from '../launch/skopeo-builds.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';

const cli = cliRunner(['client']);
const scratch = scratchDir('skopeo-go-client');
const BUILD = path.join(REPO_ROOT, 'harness/test-support/clients/skopeo-go-client/build.sh');
const BASELINE = path.join(REPO_ROOT, 'specs/expected/client-skopeo-go-proxy-test.json');
const INSTALL = 'a deb-src line for the running suite, then apt-get install -y golang-go dpkg-dev golang-github-containers-image-dev golang-gopkg-check.v1-dev golang-github-opencontainers-image-spec-dev (.ci/run does both)';
let binary: string;

beforeAll(async () => {
  requireTool('go', INSTALL);
  requireTool('dpkg-source', INSTALL);
  // Go's build cache beside the skopeo builds, outside the clone: content-addressed, so any version shares it safely.
  const built = await execa('bash', [BUILD, scratch], { reject: false, timeout: PROCESS_STUCK_MS, env: { GOCACHE: path.join(buildCacheDir(), 'go-build') } });
  if (built.exitCode !== 0) throw new Error(`building skopeo's Go proxy client failed (${INSTALL}): ${built.stderr.slice(-800)}`);
  binary = built.stdout.trim().split('\n').at(-1) as string;
});

describe('skopeo\'s Go proxy client under the client mode', () => {
  test('matches its baseline: it accepts a changed manifest and a wrong manifest digest, waits minutes on an open pipe, and keeps fds', async () => {
    const result = await cli(['--baseline', BASELINE, '--no-report', '--no-color', '--client-timeout', '15000', '--', binary]);
    for (const [status, id] of [
      ['FAIL', 'client/integrity/manifest-byte-changed'],
      ['FAIL', 'client/integrity/manifest-digest-wrong'],
      ['HANG', 'client/liveness/write-end-never-closed'],
      ['FAIL', 'client/fds/proxy-socket-end-closed'],
    ]) {
      expect(result.stdout, id).toMatch(new RegExp(`^${status}  ${id}  .*\\[expected: baseline\\]`, 'm'));
    }
    // It fetches no blob: the blob faults never reach it, and it is not blamed for them.
    expect(result.stdout).toMatch(/^n\/a   client\/integrity\/blob-corrupted .*\n +the client never called GetBlob, so the fault never reached it/m);
    // Nor passed on a reading order it never had to get right (it fetches no blob larger than a pipe buffer).
    expect(result.stdout).toMatch(/^n\/a   client\/protocol\/reads-payload-during-finish-pipe .*\n +the client never sent FinishPipe for a GetBlob payload larger than a pipe buffer/m);
    expect(result.exitCode).toBe(0);
  });
});

describe('skopeo 1.22.0\'s Go proxy client (sid) under the client mode', () => {
  test('matches its baseline: it takes any 0.2.x proxy but calls 0.2.8 methods, never verifies a raw blob, never retries, and waits without a deadline', async () => {
    const client = requireSkopeoGoClient('1.22.0');
    const baseline = path.join(REPO_ROOT, 'specs/expected/client-skopeo-go-proxy-test-1.22.0.json');
    const result = await cli(['--baseline', baseline, '--no-report', '--no-color', '--client-timeout', '15000', '--', client]);
    for (const [status, id] of [
      ['FAIL', 'client/protocol/only-offered-methods-0.2.7'],
      ['FAIL', 'client/integrity/raw-blob-corrupted'],
      ['FAIL', 'client/errors/retryable-is-retried'],
      ['HANG', 'client/liveness/no-reply'],
    ]) {
      expect(result.stdout, id).toMatch(new RegExp(`^${status}  ${id}  .*\\[expected: baseline\\]`, 'm'));
    }
    // It reads the image it was given and the missing one through the environment, as served.
    expect(result.stdout).toMatch(/^pass  client\/fetch\/protocol-0\.2\.8 /m);
    expect(result.exitCode, result.stdout.slice(-3000)).toBe(0);
  });
});
