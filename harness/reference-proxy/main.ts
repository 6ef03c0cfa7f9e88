// The runnable entry: `node dist/reference-proxy/main.js [--sockfd N] [--fault NAME]...` (or
// bin/reference-proxy.js). Everything else lives in server.ts, which in-process callers import.
import { runReferenceProxy } from './server.js';
import { removeAllTempDirs } from './transports/oci-archive.js';

// Killed by a signal: remove extracted archives, then die of that signal as before.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    removeAllTempDirs();
    process.kill(process.pid, signal);
  });
}

runReferenceProxy(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reference-proxy: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
