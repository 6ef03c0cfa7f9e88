// The client role: the harness plays the proxy and judges one client program (`client -- CMD`),
// run once per client case; its known deviations come from a baseline, as for any target.
import path from 'node:path';
import { CLIENT_CASES } from '../../client/cases/index.js';
import type { ClientCommand } from '../../client/stand-in/run-client.js';
import { clientSubject } from '../../client/run-client-suite.js';
import { HarnessError } from '../../errors.js';
import type { RoleDriver, RoleTarget } from './run-role.js';

interface ClientTarget extends RoleTarget {
  command: ClientCommand;
}

export const CLIENT_DRIVER: RoleDriver<ClientTarget> = {
  name: 'client',
  cases: () => CLIENT_CASES,
  targets(options) {
    const { command } = options;
    if (command === undefined) throw new HarnessError('PC_USAGE', 'client: no client command given');
    const label = path.basename(command.args.find((a) => !a.startsWith('-')) ?? command.executable);
    return [{ label, command, baseline: options.targets[0]?.baseline }];
  },
  async describe({ command }, { config, images, registry }) {
    return {
      subject: clientSubject({ command, images, registry, deadlineMs: config.clientMs, progressMs: config.timeouts.progressMs, teardown: { exitMs: config.timeouts.exitMs, termMs: config.timeouts.termMs } }),
      header: { executable: command.executable, args: [...command.args], socket: 'client (the harness serves the proxy)' },
      versionString: null,
      known: null,
    };
  },
  // The client's own per-case deadline beside the harness's timeouts.
  reportedTimeouts: (config) => ({ ...config.timeouts, clientMs: config.clientMs }),
};
