// The runnable entry: `node dist/bundle/reference-proxy.js [--sockfd N] [--fault NAME]...` (or
// bin/reference-proxy.js), a thin shell over runReferenceProxy and so over serveSession.
import { removeArchivesOnSignals, runReferenceProxy } from './executable/run-reference-proxy.js';

removeArchivesOnSignals();
runReferenceProxy(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reference-proxy: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
