// The results model every reporter reads: one record per check, one per run.
import type { Level } from '../model/case.js';
import type { TranscriptEvent } from '../protocol/transcript.js';
import { VERDICT_STATUSES, type Verdict, type VerdictStatus } from './verdict.js';

export interface CaseResult {
  id: string;
  title: string;
  level: Level;
  tags: string[];
  verdict: Verdict;
  durationMs: number;
  /** Wire evidence: the session's transcript (empty when the check did not run). */
  transcript: TranscriptEvent[];
  stderrTail: string;
  /** Set when the case never started a session (the implementation could not be initialized). */
  notRun?: true;
}

export interface ImplementationInfo {
  executable: string;
  args: string[];
  socket: string;
  /** From Initialize; null when the preflight failed. */
  protocolVersion: string | null;
  /**
   * The role's name (its driver's), set by the run, absent for the default: the harness as the client
   * judging a proxy (server, the default), as the proxy judging a client, or comparing the reference
   * proxy with a real one (fidelity).
   */
  role?: string;
}

export interface RunResult {
  implementation: ImplementationInfo;
  /** Set when the implementation could not be initialized at all. */
  preflightError: string | null;
  /** In suite order: the cases that were started. */
  results: CaseResult[];
  /** Set when the run was interrupted: the ids of the selected cases that never started. */
  interrupted: { notRun: string[] } | null;
  startedAt: string;
  durationMs: number;
}

/** How many results have each status, every status present (zero when none). */
export function countByStatus(results: readonly { verdict: { status: VerdictStatus } }[]): Record<VerdictStatus, number> {
  const counts = Object.fromEntries(VERDICT_STATUSES.map((s) => [s, 0])) as Record<VerdictStatus, number>;
  for (const r of results) counts[r.verdict.status]++;
  return counts;
}
