// The reports a run stages inside its report dir: what a run SIGKILLed while writing left there
// goes when the next run writes to the same dir, and only if its owner is dead and it is ours.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { deadPid, livePid } from '../../test-support/processes.js';
import { sampleReport } from '../../test-support/sample-report.js';
import { writeReports } from './write-reports.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test("a dead run's staged reports are removed when the next run writes there; a live run's, and names not ours, stay", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'write-reports-test-'));
  dirs.push(dir);
  const dead = await deadPid();
  const alive = livePid();
  const kept = [`.proxy-conformance-partial-${alive}-a1B2c3`, `.proxy-conformance-partial-${dead}-not-ours`];
  for (const name of [`.proxy-conformance-partial-${dead}-a1B2c3`, ...kept]) mkdirSync(path.join(dir, name, 'results.json'), { recursive: true });

  expect(await writeReports(sampleReport(), dir, ['json'])).toEqual(['results.json']);

  expect(readdirSync(dir).sort()).toEqual([...kept, 'results.json'].sort());
});
