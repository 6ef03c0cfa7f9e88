// The counter-file reader against files a real cover build wrote: skopeo-cover 1.22.0 started with a
// GOCOVERDIR, sent Initialize (or nothing), then EOF. Its nonzero counters must be the blocks
// `go tool covdata textfmt` counts as run. Without the cover build the test fails (never skips).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import { Implementation } from '../launch/implementation.js';
import { makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { requireSkopeoCoverBuild, requireSkopeoGo } from '../test-support/skopeo-builds.js';
import { COUNTER_FILE_PREFIX, CounterFileError, decodeCounterFile, readReachedBlocks } from './counter-file.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';

const scratch = scratchDir('counter-file-test');

/** Runs the cover build once with its own GOCOVERDIR, sending Initialize when asked, and ends it with EOF. */
async function coverRun(name: string, initialize: boolean): Promise<string> {
  const skopeo = requireSkopeoCoverBuild('1.22.0');
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const spec = { executable: skopeo, args: makeSkopeoArgs(await writePermissivePolicy(scratch), []), socket: { kind: 'stdin' as const } };
  const impl = Implementation.launch(spec, new AbortController().signal, { GOCOVERDIR: dir });
  if (initialize) {
    const outcome = await impl.client.call('Initialize', [], { timeoutMs: 30_000 });
    expect(outcome.kind === 'reply' && outcome.reply?.success).toBe(true);
  }
  const status = await impl.teardown(resolveConfig().timeouts);
  expect(status).toEqual({ code: 0, signal: null });
  return dir;
}

/** Blocks `go tool covdata textfmt` reports as run at least once. */
async function blocksRunByCovdata(dir: string): Promise<number> {
  const profile = path.join(dir, 'profile.txt');
  await execa(requireSkopeoGo('1.22.0'), ['tool', 'covdata', 'textfmt', `-i=${dir}`, `-o=${profile}`], { timeout: PROCESS_STUCK_MS, stdin: 'ignore' });
  return readFileSync(profile, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => /\s[1-9]\d*$/.test(line)).length;
}

function counterFileIn(dir: string): Buffer {
  const name = readdirSync(dir).find((n) => n.startsWith(COUNTER_FILE_PREFIX));
  expect(name).toBeDefined();
  return readFileSync(path.join(dir, name as string));
}

describe('decodeCounterFile on skopeo-cover 1.22.0', () => {
  it('finds the blocks covdata counts as run, and more of them after Initialize than after EOF alone', async () => {
    const initialized = await coverRun('initialized', true);
    const eofOnly = await coverRun('eof-only', false);
    const file = decodeCounterFile(counterFileIn(initialized));
    expect(file.segments).toBe(1);
    expect(file.metaHash).toMatch(/^[0-9a-f]{32}$/);
    expect(readdirSync(initialized)).toContain(`covmeta.${file.metaHash}`);
    expect(file.reached.size).toBe(await blocksRunByCovdata(initialized));
    const idle = readReachedBlocks(eofOnly);
    expect(idle).not.toBeNull();
    expect(idle?.size).toBe(await blocksRunByCovdata(eofOnly));
    // Initialize runs blocks EOF alone does not; every block EOF alone runs, Initialize's run runs too.
    expect(file.reached.size).toBeGreaterThan(idle?.size ?? 0);
    expect([...(idle ?? [])].every((b) => file.reached.has(b))).toBe(true);
  });

  it('says what is wrong with bytes that are not a whole counter file', async () => {
    const dir = await coverRun('cut', true);
    const bytes = counterFileIn(dir);
    expect(() => decodeCounterFile(Buffer.from('not a counter file at all, not at all'))).toThrow(CounterFileError);
    expect(() => decodeCounterFile(bytes.subarray(0, bytes.length - 3))).toThrow(/no footer/);
    const wrongVersion = Buffer.from(bytes);
    wrongVersion.writeUInt32LE(9, 4);
    expect(() => decodeCounterFile(wrongVersion)).toThrow(/version 9/);
  }, 120_000);

  it('reads no blocks from a directory without counter files', () => {
    const empty = path.join(scratch, 'empty');
    mkdirSync(empty, { recursive: true });
    writeFileSync(path.join(empty, 'covmeta.0123'), '');
    expect(readReachedBlocks(empty)).toBeNull();
    expect(readReachedBlocks(path.join(scratch, 'absent'))).toBeNull();
  });
});
