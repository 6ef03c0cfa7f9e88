// What the case runner needs of a role — the harness as a client judging a proxy, or as a proxy
// judging a client: a verdict that needs no session, and a session of its own for each case.
import type { CaseDefinition } from '../model/case.js';
import type { TranscriptEvent } from '../protocol/transcript.js';
import type { Verdict } from '../verdicts/verdict.js';

/** What an ended session leaves behind for the report. */
export interface CaseEvidence {
  transcript: TranscriptEvent[];
  stderrTail: string;
}

/** What one case runs against, started for it alone. */
export interface CaseSession<Ctx> {
  /** What the case's run function is given. */
  readonly context: Ctx;
  /** Once the run function has returned: the session's own verdict (the other side crashed), or null. */
  verdictAfterRun(): Verdict | null;
  /** Ends the session for sure, whatever happened (never cut short), and collects its evidence. */
  end(): Promise<CaseEvidence>;
}

export interface Role<Ctx> {
  /** A verdict that settles the case without a session (it does not apply, its fixture is missing), or null. */
  verdictWithoutSession(c: CaseDefinition<Ctx>): Verdict | null;
  /** Starts the case's session; `signal` is the run's interrupt. Throws a HarnessError when it cannot. */
  startSession(c: CaseDefinition<Ctx>, signal: AbortSignal): Promise<CaseSession<Ctx>>;
  /**
   * After a case that did not pass: a part of the harness it relied on failed meanwhile (the run's
   * registry died, the fixtures are gone from disk), so its verdict says nothing of the subject; null when none did.
   */
  harnessFault?(c: CaseDefinition<Ctx>): string | null;
}
