// The server role: the harness is the client and judges each implementation named by --impl (or
// the config file): the conformance suite, one implementation process (or host session) per case,
// after an Initialize preflight. The built-in reference proxy serves its sessions in session hosts,
// one per job, as the fidelity role and the mutation score run it: its executable and a host run the
// same session code, which exits with the session's code, and every case that looks at more of the
// process than that (its fds, its --sockfd handling) still gets a process (run/session-route.ts).
import { DEFAULT_ROLE } from '../../config.js';
import { serverSubject } from '../../run/run-suite.js';
import { loadSuite } from '../../run/suite.js';
import type { SocketMode } from '../../launch/implementation.js';
import { describeDefaultTarget, makeLaunchSpec, resolveTarget, type ResolvedTarget } from '../../launch/resolve-target.js';
import { coverageResources } from '../../coverage/run-coverage.js';
import { processPerSession, type SessionProcesses } from '../../launch/session-processes.js';
import type { LaunchSpec } from '../../launch/launch-spec.js';
import type { ProcessCoverageDirs } from '../../coverage/process-dirs.js';
import { SessionHosts } from '../../launch/session-hosts.js';
import { readVersionString } from '../../launch/version-string.js';
import { loadKnownOutcomes } from '../../verdicts/known-deviations.js';
import type { RoleDriver } from './run-role.js';

export const SERVER_DRIVER: RoleDriver<ResolvedTarget> = {
  name: DEFAULT_ROLE,
  cases: loadSuite,
  targets(options, console) {
    return options.targets.map((t) => {
      const resolved = resolveTarget(t, { withoutSkopeo: 'built-in' });
      const notice = describeDefaultTarget(resolved);
      // The fallback to the built-in proxy is said even with --quiet: it changes what was tested.
      if (notice !== null && resolved.found === 'built-in') console.line(notice);
      else if (notice !== null) console.info(notice);
      return resolved;
    });
  },
  async describe(target, { config, images, registry, tempDir, signal, coverage }) {
    const coverageDirs = coverage?.forImplementation(target.label);
    const spec = await makeLaunchSpec(target, tempDir);
    const versionString = await readVersionString(target.executable, signal);
    const { processes, hosts } = sessionProcessesFor(spec, config.jobs, coverageDirs);
    return {
      subject: serverSubject({ spec, images, config, registry, processes }),
      header: { executable: target.executable, args: spec.executable === process.execPath ? spec.args.slice(1) : [...spec.args], socket: describeSocket(spec.socket) },
      versionString,
      known: loadKnownOutcomes(versionString),
      ...(coverageDirs ? { coverageDirs } : {}),
      ...(hosts ? { close: () => hosts.close() } : {}),
    };
  },
};

/**
 * Where the target's sessions run: session hosts (one per job) for the reference proxy on its stdin,
 * whose process start costs more CPU than the rest of a case; a process each for anything else, and
 * under --coverage, whose counters come from processes alone.
 */
export function sessionProcessesFor(spec: LaunchSpec, jobs: number, coverageDirs: ProcessCoverageDirs | undefined): { processes: SessionProcesses; hosts?: SessionHosts } {
  if (coverageDirs !== undefined || SessionHosts.argvFor(spec) === null) return { processes: processPerSession(coverageResources(coverageDirs)) };
  const hosts = new SessionHosts({ hosts: jobs, emulates: ['exit'] });
  return { processes: processPerSession({ hosts }), hosts };
}

function describeSocket(socket: SocketMode): string {
  return socket.kind === 'stdin' ? 'stdin' : `fd ${socket.fd} (--sockfd ${socket.fd})`;
}
