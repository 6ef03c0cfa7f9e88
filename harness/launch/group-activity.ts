// Whether a process group is at work though nothing it does is visible yet: an interpreter still
// loading on a loaded machine uses the CPU or waits for it (or for the disk). A group asleep and
// using no CPU is waiting on something; a group at work is not silent, however slow.
import { allPids, readStat } from './proc-stat.js';

/** A probe: each call says whether group `pgid` ran since the last call (or since it started). */
export function groupActivityProbe(pgid: number): () => boolean {
  let lastTicks = 0;
  return () => {
    let ticks = 0;
    let running = false;
    for (const pid of allPids()) {
      const stat = readStat(pid);
      if (stat === null || stat.pgrp !== pgid) continue;
      ticks += stat.cpuTicks;
      if (stat.state === 'R' || stat.state === 'D') running = true;
    }
    // Fewer ticks than before is a member gone unreaped: that is a change too.
    const ran = running || ticks !== lastTicks;
    lastTicks = ticks;
    return ran;
  };
}
