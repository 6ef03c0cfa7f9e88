// The harness is a child subreaper: a process an implementation or client leaves behind by forking
// twice and calling setsid (a daemon) escapes its process group, but is re-parented to us instead of
// init, and so is still found, killed and reaped. An adopted process is a child of ours that we did
// not spawn and that is not in our session (the children Node itself spawns stay in it).
import { readdirSync, readFileSync } from 'node:fs';
import { onExit } from 'signal-exit';
import * as native from '../native.js';
import { allPids, readStat, type ProcStat } from './proc-stat.js';

/** Children we spawned ourselves and have not reaped yet: never taken for adopted ones. */
const spawned = new Set<number>();
let subreaper = false;

/** The env variable that tags each spawned process and what it forks, so its daemons are told apart. */
export const OWNER_ENV = 'PROXY_CONFORMANCE_OWNER';
let nextTag = 1;

/** Makes this process a subreaper, once, and kills what it adopted when it exits (even on a second Ctrl-C). */
export function becomeSubreaper(): void {
  if (subreaper) return;
  native.setChildSubreaper();
  subreaper = true;
  onExit(() => {
    for (const p of adoptedProcesses()) killQuietly(p.pid);
  });
}

/** A tag for a process about to be spawned, unique in this harness process. */
export function makeOwnerTag(): string {
  return `${process.pid}-${nextTag++}`;
}

export function noteSpawned(pid: number): void {
  spawned.add(pid);
}

export function noteReaped(pid: number): void {
  spawned.delete(pid);
}

/** The children of ours that we did not spawn and that are not in our session, alive or zombies. */
export function adoptedProcesses(): ProcStat[] {
  if (!subreaper) return [];
  const ourSession = readStat('self')?.session;
  const adopted: ProcStat[] = [];
  for (const pid of childPids()) {
    const stat = readStat(pid);
    if (stat !== null && stat.ppid === process.pid && stat.session !== ourSession && !spawned.has(stat.pid)) adopted.push(stat);
  }
  return adopted;
}

/** Our children's pids: each thread's children list (a few reads), or, on kernels without it, every process. */
function childPids(): number[] {
  try {
    const pids: number[] = [];
    for (const tid of readdirSync('/proc/self/task')) {
      for (const pid of readFileSync(`/proc/self/task/${tid}/children`, 'latin1').split(' ')) if (pid !== '') pids.push(Number(pid));
    }
    return pids;
  } catch {
    return allPids();
  }
}

function carriesTag(pid: number, tag: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${OWNER_ENV}=${tag}`);
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already: nothing to kill.
  }
}

/**
 * Kills the adopted processes (those whose environment carries `tag`, or all of them) and reaps
 * them, and reaps every adopted zombie; resolves with how many were still alive. Those still in
 * process group `killedGroup` were just sent SIGKILL with it: they are reaped as they die (a dying
 * process's environment can no longer be read, so its tag cannot be). A child of ours keeps its pid
 * until we reap it, so the pid signalled is always the process found.
 */
export async function killAdopted(tag?: string, killedGroup?: number): Promise<number> {
  let killed = 0;
  const reaps: Array<Promise<void>> = [];
  for (const p of adoptedProcesses()) {
    if (p.state !== 'Z' && p.pgrp !== killedGroup) {
      if (tag !== undefined && !carriesTag(p.pid, tag)) continue;
      killQuietly(p.pid);
      killed++;
    }
    reaps.push(waitForReap(p.pid));
  }
  await Promise.all(reaps);
  return killed;
}

/** Resolves once the child `pid` has exited and is reaped (at once if it is already gone). */
function waitForReap(pid: number): Promise<void> {
  let pidfd: number;
  try {
    pidfd = native.pidfdOpen(pid);
  } catch {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      poller.close();
      native.close(pidfd);
      resolve();
    };
    const poller = new native.Poller(pidfd, () => {
      try {
        if (native.reapPidfd(pidfd) === null) return;
      } catch {
        // Not ours to reap (ECHILD): it is gone from our side either way.
      }
      done();
    });
    poller.start(native.POLL_READABLE);
  });
}
