// The client driver through runRole: the run's progress timeout (a flag or the config file's) is the
// allowance each client gets while it keeps progressing, and results.json records what was used.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../test-support/paths.js';
import { CLIENT_DRIVER } from './client-driver.js';
import { runRole } from './run-role.js';

const BUSY_CLIENT = path.join(REPO_ROOT, 'harness/test-support/clients/misbehaving/busy-client.py');

describe('the client driver', () => {
  test("gives a client that keeps progressing the run's progress timeout as its allowance", async () => {
    await withDir(
      async ({ path: dir }) => {
        const lines: string[] = [];
        // A request every 20 ms never leaves the 5 s idle deadline without one, even beside other work:
        // the client runs until its allowance, which is the run's, not config.ts's default.
        await runRole(
          CLIENT_DRIVER,
          {
            targets: [{ args: [] }],
            command: { executable: BUSY_CLIENT, args: ['--every-ms', '20'] },
            run: ['client/fetch/protocol-0.2.8'],
            skip: [],
            clientTimeout: 5000,
            progressTimeout: 7000,
            reportDir: dir,
            formats: ['json'],
            color: false,
          },
          { out: { write: (t: string) => lines.push(t) }, signal: new AbortController().signal },
        );
        const doc = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
        expect(doc.runs[0].implementation.role).toBe('client');
        expect(doc.configuration.timeouts).toMatchObject({ progressMs: 7000, clientMs: 5000 });
        expect(doc.runs[0].cases[0].verdict).toEqual({ status: 'fail', message: expect.stringMatching(/^the client was still running at the 7000 ms allowance, though it was still progressing/) });
      },
      { unsafeCleanup: true },
    );
  });
});
