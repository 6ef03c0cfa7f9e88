// A kill is a case that ended differently with the fault than in the clean run; on a loaded machine
// that can be noise (a slow start read as a hang), so each kill is confirmed by running the case
// again, alone, against the clean proxy. What the clean proxy does does not depend on the fault:
// once a case's re-run has ended as in the clean run, its verdict there is settled, and its kills
// of later faults need no re-run.
import type { VerdictStatus } from '../verdicts/verdict.js';

export interface Kill {
  id: string;
  /** The case's status in the clean run, and with the fault. */
  clean: VerdictStatus;
  faulty: VerdictStatus;
}

/** Runs a case again against the clean proxy, giving its status. */
export type CleanRerun = (id: string) => Promise<VerdictStatus>;

export class KillConfirmation {
  private readonly settled = new Set<string>();
  /** How many clean re-runs confirming has cost so far. */
  reruns = 0;

  constructor(private readonly rerun: CleanRerun) {}

  /** True for a kill the clean proxy does not repeat; null when the re-run was interrupted. */
  async confirm(kill: Kill): Promise<boolean | null> {
    if (this.settled.has(kill.id)) return true;
    this.reruns += 1;
    const again = await this.rerun(kill.id);
    // A re-run cut short by Ctrl-C confirms nothing.
    if (again === 'interrupted') return null;
    if (again === kill.clean) this.settled.add(kill.id);
    return again !== kill.faulty;
  }
}

/**
 * The clean run's statuses, each case that did not pass run again against the clean proxy: on a
 * loaded machine a clean case can run out of time, and a fault whose only kill is that case would
 * then end alike and survive unseen. Where the re-run ends otherwise than the clean run, a third run
 * decides (the status two of the three share, else the last). `atOnce` re-runs go at a time; an
 * interrupted re-run leaves the clean run's status.
 */
export async function settleCleanStatuses(clean: ReadonlyMap<string, VerdictStatus>, rerun: CleanRerun, atOnce: number): Promise<Map<string, VerdictStatus>> {
  const settled = new Map(clean);
  const unsure = [...clean].filter(([, status]) => didNotPass(status));
  const settle = async ([id, first]: [string, VerdictStatus]) => {
    const second = await rerun(id);
    if (second === 'interrupted' || second === first) return;
    const third = await rerun(id);
    if (third !== 'interrupted') settled.set(id, third === first ? first : third);
  };
  for (let i = 0; i < unsure.length; i += Math.max(1, atOnce)) await Promise.all(unsure.slice(i, i + Math.max(1, atOnce)).map(settle));
  return settled;
}

/** A case that ran and did not pass: not a pass, not inapplicable, not cut short by Ctrl-C. */
export function didNotPass(status: VerdictStatus): boolean {
  return status !== 'pass' && status !== 'not-applicable' && status !== 'interrupted';
}
