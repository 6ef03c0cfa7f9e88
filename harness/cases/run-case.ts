// Runs one case of any role in a session of its own and turns whatever happens into a verdict; the
// session is always ended.
import { isHarnessError } from '../errors.js';
import type { CaseDefinition } from '../model/case.js';
import type { CheckResult } from '../verdicts/result.js';
import { VerdictSignal, type Verdict } from '../verdicts/verdict.js';
import type { Role } from './role.js';

export async function runCase<Ctx>(c: CaseDefinition<Ctx>, role: Role<Ctx>, signal: AbortSignal): Promise<CheckResult> {
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
  const evidence = await session.end();
  return { ...base, verdict, durationMs: performance.now() - started, ...evidence };
}

function toVerdict(error: unknown): Verdict {
  if (error instanceof VerdictSignal) return error.verdict;
  const code = isHarnessError(error) ? error.code : 'PC_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'harness-error', message, code };
}
