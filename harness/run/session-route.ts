// Where a case's session runs: in a process of its own, or in a session host (launch/session-hosts.ts)
// when the run has hosts and the case looks at nothing a host cannot stand in for. This is the one
// place that decides it:
//
//   needs a process (always)         why
//   socket on fd N (`socket: "fd"`)  the executable's --sockfd handling is what is tested
//   `socket: "not-a-socket"`         the same, with --sockfd naming /dev/null
//   observes `fd-table`              /proc/PID/fd of the implementation (fdCount steps)
//   observes `exit`                  its exit code (expectExit, expectCleanExit), unless the run's
//                                    hosts stand in for it (fuzzing and the mutation score: the
//                                    session's exit code is the one the executable exits with)
//   a spec that is not the reference proxy on its stdin, or with its own environment
//
// A host has no pid and cannot be signalled: a case routed there by mistake that reaches for
// either ends as a harness error, never as a quiet pass.
import type { CaseMetadata } from '../model/case.js';
import { Implementation, type LaunchSpec } from '../launch/implementation.js';
import { SessionHosts } from '../launch/session-hosts.js';
import type { SessionProcesses } from '../launch/session-processes.js';

/** Why the case needs a process of its own under these hosts (empty: a host may serve it). */
export function processReasons(c: CaseMetadata, spec: LaunchSpec, hosts: SessionHosts | undefined): string[] {
  if (hosts === undefined) return ['the run has no session hosts'];
  const reasons: string[] = [];
  if (SessionHosts.argvFor(spec) === null) reasons.push('the implementation is not the reference proxy on its stdin');
  if (c.socket === 'fd') reasons.push('the socket goes on a numbered fd (--sockfd)');
  if (c.socket === 'not-a-socket') reasons.push('--sockfd names an fd that is no socket');
  for (const aspect of c.observes ?? []) if (!hosts.emulates.includes(aspect)) reasons.push(`it observes the process's ${aspect}`);
  return reasons;
}

/** A started implementation, and what to call once it is torn down. */
interface StartedImplementation {
  impl: Implementation;
  release(): void;
}

/**
 * Starts the case's implementation: in one of the run's hosts (`processes.resources`) when the case allows it, else as a
 * process (with hosts, only as many processes at once as the hosts allow); a session of that kind
 * kept for reuse comes first.
 */
export async function startImplementation(c: CaseMetadata, spec: LaunchSpec, signal: AbortSignal, processes: Pick<SessionProcesses, 'launch' | 'resume' | 'resources'>): Promise<StartedImplementation> {
  const { hosts } = processes.resources;
  if (hosts === undefined) return { impl: processes.resume?.(spec, signal, 'process') ?? processes.launch(spec, signal), release: () => {} };
  if (processReasons(c, spec, hosts).length === 0) {
    return { impl: processes.resume?.(spec, signal, 'hosted') ?? (await Implementation.host(hosts, spec, signal)), release: () => {} };
  }
  // A process under hosts holds one of their process slots while it lives: none is kept for reuse.
  const release = await hosts.processSlot(signal);
  try {
    return { impl: processes.launch(spec, signal), release };
  } catch (error) {
    release();
    throw error;
  }
}
