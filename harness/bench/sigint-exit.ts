// How fast each command stops on Ctrl-C: every command is started in a temp dir of its own, SIGINT
// comes at an observed point (a line on stdout, a file appearing, a process starting), and the time
// from the signal to the harness's exit is taken. Target: ≤ 2 s in every command.
// `node dist/bench/sigint-exit.js [NAME…]` runs the named rows only.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { buildFixtures } from '../images/build-fixtures.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(REPO_ROOT, 'bin', 'proxy-conformance.js');
const IMPLS = path.join(REPO_ROOT, 'harness', 'test-support', 'impls');
const REFERENCE_CLIENT = path.join(REPO_ROOT, 'harness', 'test-support', 'clients', 'reference-client.py');
export const SIGINT_TARGET_MS = 2000;

/** A started command: its stdout so far, and whether it has exited. */
interface Started {
  tmp: string;
  stdout: () => string;
  exited: () => boolean;
}

interface Row {
  name: string;
  args: (tmp: string) => string[];
  /** Resolves at the point the interrupt comes. */
  observe: (run: Started) => Promise<void>;
}

function running(pattern: string): Promise<string[]> {
  return execa('pgrep', ['-f', '--', pattern], { reject: false }).then((r) => r.stdout.split('\n').filter(Boolean));
}

/** How long a row may take to reach its interrupt point, and the harness to exit after SIGINT, before the bench gives up on it. */
const OBSERVE_LIMIT_MS = 600_000;
const EXIT_LIMIT_MS = 30_000;

async function until(event: () => boolean | Promise<boolean>): Promise<void> {
  const limit = performance.now() + OBSERVE_LIMIT_MS;
  while (!(await event())) {
    if (performance.now() > limit) throw new Error(`the interrupt point was not reached in ${OBSERVE_LIMIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Processes of this run matching `pattern`: once `count` of them have come and gone (and one still runs). */
async function afterProcessesGone(run: Started, pattern: string, count: number): Promise<void> {
  const seen = new Set<string>();
  const gone = new Set<string>();
  await until(async () => {
    const now = await running(pattern);
    for (const pid of now) seen.add(pid);
    for (const pid of seen) if (!now.includes(pid)) gone.add(pid);
    return (gone.size >= count && now.length > 0) || run.exited();
  });
}

/** Pids whose environment carries this run's marker (the harness and every child it started). */
function withMarker(tmp: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`${MARKER}=${tmp}`)) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

const MARKER = 'PC_SIGINT_BENCH';
const skopeo = '/usr/bin/skopeo';
const policyOf = (run: Started) => `--policy ${run.tmp}/proxy-conformance-`;

export const ROWS: Row[] = [
  {
    name: 'run (hanging check)',
    args: (tmp) => ['--impl', path.join(IMPLS, 'mini-proxy.py'), '--impl-arg=--fault', '--impl-arg=ignore-eof', '--impl-arg=--eof-log', `--impl-arg=${tmp}/eof.log`, '--run', 'lifecycle/eof-exit-zero', '--no-report'],
    observe: (run) => until(async () => (await readFile(`${run.tmp}/eof.log`, 'utf8').catch(() => '')) !== '' || run.exited()),
  },
  {
    name: 'run (skopeo, cases in flight)',
    args: () => ['--impl', skopeo, '--run', 'getblob', '--run', 'openimage/**', '--jobs', '2', '--no-report'],
    observe: (run) => afterProcessesGone(run, policyOf(run), 3),
  },
  {
    name: 'registry run (registry starting)',
    args: () => ['--impl', skopeo, '--run', 'registry/**', '--jobs', '1', '--no-report'],
    observe: (run) => until(async () => (await running(`docker-registry serve ${run.tmp}/`)).length > 0 || run.exited()),
  },
  {
    name: 'registry run (cases in flight)',
    args: () => ['--impl', skopeo, '--run', 'registry/**', '--jobs', '1', '--no-report'],
    observe: async (run) => {
      await until(() => run.stdout().includes('registry: 127.0.0.1') || run.exited());
      await afterProcessesGone(run, policyOf(run), 2);
    },
  },
  {
    name: 'fuzz (skopeo, adversarial)',
    args: (tmp) => ['fuzz', '--impl', skopeo, '--profile', 'adversarial', '--seed', '1', '--jobs', '2', '--fuzz-time', '120s', '--timeout', '10000', '--report-dir', `${tmp}/fuzz`],
    observe: async (run) => {
      await until(() => run.stdout().includes('profile adversarial') || run.exited());
      await afterProcessesGone(run, policyOf(run), 4);
    },
  },
  {
    name: 'mutation-score',
    args: () => ['mutation-score', '--fault', 'no-reply-to-blob', '--fault', 'stall-mid-blob'],
    // The session hosts serve sessions: two host processes besides the harness carry its marker.
    observe: (run) => until(() => withMarker(run.tmp).length >= 3 || run.exited()),
  },
  {
    name: 'client mode',
    args: (tmp) => ['client', '--no-report', '--client-timeout', '30000', '--jobs', '1', '--run', 'client/liveness/stall-mid-blob', '--', 'python3', REFERENCE_CLIENT, '--break', 'no-deadline', '--proxy-flag', `--user-agent-prefix=${path.basename(tmp)}`],
    observe: (run) => until(async () => (await running(`^[^ ]*python3[^ ]* [^ ]*reference-client.py .*${path.basename(run.tmp)}`)).length > 0 || run.exited()),
  },
];

export interface SigintTiming {
  name: string;
  /** From SIGINT to the harness's exit; null when it had ended before the observed point. */
  exitMs: number | null;
  exitCode: number | null;
  lastLine: string;
}

export async function timeSigint(row: Row): Promise<SigintTiming> {
  await buildFixtures();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'pc-sigint-'));
  await symlink(path.join(os.tmpdir(), 'proxy-conformance-fixtures'), path.join(tmp, 'proxy-conformance-fixtures'));
  let out = '';
  let exited = false;
  const child: ChildProcess = spawn(process.execPath, [CLI, ...row.args(tmp)], { env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1', [MARKER]: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  if (process.env.PC_SIGINT_STDERR) child.stderr?.pipe(process.stderr);
  else child.stderr?.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    exited = true;
    resolve(code);
  }));
  try {
    await row.observe({ tmp, stdout: () => out, exited: () => exited });
    if (exited) return { name: row.name, exitMs: null, exitCode: await exit, lastLine: out.trim().split('\n').at(-1) ?? '' };
    const sent = performance.now();
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_LIMIT_MS);
    const code = await exit.finally(() => clearTimeout(timer));
    // Killed at the limit: an exit time of at least the limit, which fails the target.
    return { name: row.name, exitMs: performance.now() - sent, exitCode: code, lastLine: out.trim().split('\n').at(-1) ?? '' };
  } finally {
    if (!exited) child.kill('SIGKILL');
    await rm(tmp, { recursive: true, force: true });
  }
}

async function main(names: string[]): Promise<number> {
  let slow = 0;
  for (const row of ROWS.filter((r) => names.length === 0 || names.some((n) => r.name.startsWith(n)))) {
    const t = await timeSigint(row);
    const figure = t.exitMs === null ? 'ended before the interrupt point' : `${(t.exitMs / 1000).toFixed(2)} s`;
    if (t.exitMs !== null && t.exitMs > SIGINT_TARGET_MS) slow++;
    process.stdout.write(`${t.name.padEnd(36)} SIGINT to exit ${figure.padStart(8)}  exit ${t.exitCode}  | ${t.lastLine.slice(0, 120)}\n`);
  }
  return slow > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = await main(process.argv.slice(2));
