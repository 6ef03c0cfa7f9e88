// The fidelity role: the reference proxy against each real implementation named by --impl, case by
// case over the server suite (fidelity/fidelity-subject.ts). A target's differences are recorded in
// a baseline of its own (specs/fidelity/), each with its reason.
import type { CheckContext } from '../../checks/context.js';
import { loadSuite } from '../../run/suite.js';
import { asFidelityCase, compareBoth, fidelitySubject } from '../../fidelity/fidelity-subject.js';
import { sequenceCases } from '../../fidelity/sequence-cases.js';
import { makeLaunchSpec, referenceProxyTarget, resolveTarget, type ResolvedTarget } from '../../launch/resolve-target.js';
import { readVersionString } from '../../launch/version-string.js';
import type { CaseDefinition } from '../../model/case.js';
import { SessionHosts } from '../../launch/session-hosts.js';
import { processPerSession } from '../../launch/session-processes.js';
import type { RoleDriver } from './run-role.js';

export const FIDELITY_DRIVER: RoleDriver<ResolvedTarget> = {
  name: 'fidelity',
  // The server suite, then generated sequences of both profiles (fidelity/sequence-cases.ts).
  cases: () => [...loadSuite().map((c) => asFidelityCase(c as CaseDefinition<CheckContext>)), ...sequenceCases(compareBoth)],
  // Without --impl, skopeo on PATH; never the reference proxy, which would be compared with itself.
  targets: (options) => options.targets.map((t) => resolveTarget(t, { withoutSkopeo: 'refuse' })),
  async describe(target, { config, images, registry, tempDir, signal }) {
    const real = await makeLaunchSpec(target, tempDir);
    // The reference's sessions in hosts, one per job; those that observe more of the process than its exit get one.
    const hosts = new SessionHosts({ hosts: config.jobs, emulates: ['exit'] });
    const subject = fidelitySubject({
      real,
      reference: (protocolVersion) => makeLaunchSpec(referenceProxyTarget(['--protocol-version', protocolVersion]), tempDir),
      images,
      config,
      registry,
      referenceProcesses: processPerSession({ hosts }),
    });
    // readVersionString never throws (a program that fails is null), so the hosts are always handed on to close.
    return {
      subject,
      header: { ...subject.implementation, executable: target.executable, args: [...target.args] },
      versionString: await readVersionString(target.executable, signal),
      known: null,
      close: () => hosts.close(),
    };
  },
};
