// What /proc/PID/stat says about a process: the fields the harness reads to find, reap and watch
// the processes it spawned and what they forked.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  ppid: number;
  /** Its process group: the spawned process's pid for what stayed in the group it was given. */
  pgrp: number;
  session: number;
  /** R running or runnable, S sleeping, D waiting on the disk, Z zombie, … */
  state: string;
  /** CPU time it used, and its reaped children used, in clock ticks. */
  cpuTicks: number;
}

export function readStat(pid: number | 'self'): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // The command name in parentheses may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state = '', ppid, pgrp, session] = fields;
  const cpuTicks = fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
  return { pid: Number(text.slice(0, text.indexOf(' '))), ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), state, cpuTicks };
}

/** Every process's pid. */
export function allPids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}
