// The Go toolchain that merges counters: `--go PATH`, else `go` on PATH; usable when it has
// `go tool covdata` (Go 1.20 and later). Its absence is not an error: the counters are kept and
// the report says how to merge them.
import { execa } from 'execa';
import { findOnPath } from '../launch/resolve-impl.js';

export type GoToolchain = { ok: true; go: string; version: string } | { ok: false; reason: string };

const CHECK_TIMEOUT_MS = 30_000;

export async function findGoToolchain(given: string | undefined): Promise<GoToolchain> {
  const go = given ?? findOnPath('go');
  if (go === null) return { ok: false, reason: 'no Go toolchain: no --go given and no go on PATH' };
  const version = await execa(go, ['env', 'GOVERSION'], { reject: false, timeout: CHECK_TIMEOUT_MS, stdin: 'ignore' });
  if (version.exitCode !== 0) return { ok: false, reason: `${go} could not be run (${oneLine(version.stderr || (version.message ?? 'it failed'))})` };
  // `go tool -n covdata` prints the tool's path without building or running it; before Go 1.20 there is none.
  const covdata = await execa(go, ['tool', '-n', 'covdata'], { reject: false, timeout: CHECK_TIMEOUT_MS, stdin: 'ignore' });
  if (covdata.exitCode !== 0) return { ok: false, reason: `${go} (${version.stdout.trim()}) has no covdata tool: merging needs Go 1.20 or later` };
  return { ok: true, go, version: version.stdout.trim() };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
