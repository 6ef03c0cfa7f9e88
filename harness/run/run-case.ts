// Runs one case of any role in a session of its own and turns whatever happens into a verdict; the
// session is always ended. A case the run's interrupt cut short is interrupted, whatever it ended with.
import { isHarnessError } from '../errors.js';
import type { CaseDefinition } from '../model/case.js';
import type { TranscriptEvent } from '../protocol/transcript.js';
import type { CaseResult } from '../verdicts/result.js';
import { excerpt, printable } from '../printable.js';
import { VerdictSignal, type Verdict } from '../verdicts/verdict.js';
import type { Role } from './role.js';

export async function runCase<Ctx>(c: CaseDefinition<Ctx>, role: Role<Ctx>, signal: AbortSignal): Promise<CaseResult> {
  const base = { id: c.id, title: c.title, level: c.level, tags: [...c.tags] };
  const started = performance.now();
  const settled = role.verdictWithoutSession(c);
  if (settled !== null) return { ...base, verdict: settled, durationMs: 0, transcript: [], stderrTail: '' };
  const session = await role.startSession(c, signal);
  let verdict: Verdict;
  try {
    await c.run(session.context);
    verdict = session.verdictAfterRun() ?? { status: 'pass' };
  } catch (error) {
    verdict = toVerdict(error);
  }
  if (verdict.status === 'hang' && c.hangMeans !== undefined) verdict = { ...verdict, message: `${verdict.message} (${c.hangMeans})` };
  const fault = verdict.status === 'pass' ? null : (role.harnessFault?.(c) ?? null);
  if (fault !== null) verdict = { status: 'harness-error', code: 'PC_FIXTURE_FAILED', message: `${fault}; the case's own verdict would have been: ${verdict.status}` };
  // Read before the session ends: an interrupt during teardown does not undo the verdict.
  const interruptedAfterMs = signal.aborted ? performance.now() - started : null;
  const evidence = await session.end();
  if (interruptedAfterMs !== null) verdict = makeInterrupted(verdict, evidence.transcript, interruptedAfterMs);
  // Messages quote what the implementation sent: from here on they are shown, never interpreted.
  return { ...base, verdict: printableVerdict(verdict), durationMs: performance.now() - started, ...evidence, stderrTail: printable(evidence.stderrTail) };
}

/** The most a verdict's message may hold: each quote in it is cut shorter where it is made; this bounds the sum. */
const MESSAGE_CHARS = 2000;

function printableVerdict(verdict: Verdict): Verdict {
  const shown = (text: string) => printable(excerpt(text, { max: MESSAGE_CHARS }));
  if (verdict.status === 'not-applicable') return { ...verdict, reason: shown(verdict.reason) };
  if (verdict.status === 'crash') return { ...verdict, message: shown(verdict.message), stderrTail: printable(verdict.stderrTail) };
  return 'message' in verdict ? { ...verdict, message: shown(verdict.message) } : verdict;
}

/** What the case was waiting for when the interrupt ended its wait: a hang names it, else the transcript's last timeout does. */
function makeInterrupted(verdict: Verdict, transcript: readonly TranscriptEvent[], ranMs: number): Verdict {
  const timeout = [...transcript].reverse().find((e) => e.event === 'timeout');
  const pending = verdict.status === 'hang' ? verdict.pending : timeout?.event === 'timeout' ? timeout.pending : 'the end of the case';
  return { status: 'interrupted', message: `the run was interrupted while the case waited for ${pending}`, pending, ranMs };
}

function toVerdict(error: unknown): Verdict {
  if (error instanceof VerdictSignal) return error.verdict;
  const code = isHarnessError(error) ? error.code : 'PC_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'harness-error', message, code };
}
