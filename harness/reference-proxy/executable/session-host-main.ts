// The session host's entry: `node dist/bundle/session-host.js` with the control socket
// as its stdin (harness/launch/host-process.ts starts it for launch/session-hosts.ts). Like the
// executable, a signal that kills it first removes the archives its sessions extracted.
import { removeArchivesOnSignals } from './run-reference-proxy.js';
import { runSessionHost } from './session-host.js';

removeArchivesOnSignals();
runSessionHost(0).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`session-host: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
