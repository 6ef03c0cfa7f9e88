// Before any check: can the implementation be started and initialized at all, and which protocol
// version does it speak (checks are gated on it)?
import type { HarnessConfig } from '../config.js';
import { describeExit, type LaunchSpec } from '../launch/implementation.js';
import { launchWith, type LaunchResources } from '../launch/session-processes.js';
import { excerpt } from '../printable.js';

/** `interrupted`: Ctrl-C ended the wait, which then says nothing about the implementation. */
export type PreflightResult = { ok: true; protocolVersion: string } | { ok: false; message: string; interrupted?: true };

export async function runPreflight(spec: LaunchSpec, config: HarnessConfig, signal: AbortSignal, resources: LaunchResources = {}): Promise<PreflightResult> {
  // Always a process of its own: how the executable starts is what it judges.
  const impl = launchWith(resources, spec, signal);
  try {
    const timeoutMs = config.timeouts.callMs;
    // The allowance covers a start-up that has not read the request yet (a loaded machine).
    const outcome = await impl.client.call('Initialize', [], { timeoutMs, allowanceMs: config.timeouts.progressMs });
    if (outcome.kind === 'reply') {
      const value = outcome.reply?.success ? outcome.reply.value : undefined;
      if (typeof value === 'string') return { ok: true, protocolVersion: value };
      return { ok: false, message: `Initialize did not return a version: ${excerpt(outcome.raw, { max: 300, total: outcome.size })}` };
    }
    if (signal.aborted) return { ok: false, interrupted: true, message: 'the run was interrupted before the implementation replied to Initialize' };
    const exit = await impl.waitForExit(outcome.kind === 'eof' ? config.timeouts.exitMs : 0);
    const stderr = impl.stderrTail(600).trim();
    const tail = stderr === '' ? ' (stderr empty)' : `; stderr: ${stderr}`;
    if (exit !== null) return { ok: false, message: `implementation ${describeExit(exit)} before replying to Initialize${tail}` };
    if (outcome.kind === 'eof') return { ok: false, message: `implementation closed its socket before replying to Initialize, and is still running${tail}` };
    return { ok: false, message: `implementation did not reply to Initialize within ${timeoutMs} ms${tail}` };
  } finally {
    await impl.teardown(config.timeouts, { shutdown: true });
  }
}
