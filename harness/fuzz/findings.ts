// A finding on disk and on the console: the minimal sequence as a scenario file in the suite's
// format (so `proxy-conformance replay FILE` runs it like any scripted case), and the lines that
// say what broke, how far it shrank and how to find it again.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors.js';
import type { CaseResult } from '../verdicts/result.js';
import type { ScenarioCase, ScenarioFile } from '../scenarios/types.js';
import { countRequests, toScenarioCase } from '../sequences/compile.js';
import { loadSpecs } from '../specs/index.js';
import type { ExploreSummary, Finding } from './explore.js';
import { formatReplay } from './replay-path.js';
import { slugOf } from './signature.js';
import { replaceJsonFile } from '../files/replace-file.js';

/** The id a finding's scenario case gets: profile, what failed, seed. */
export function findingCaseId(finding: Finding): string {
  return `fuzz/${finding.replay.profile}/${slugOf(finding.result.verdict)}-s${finding.replay.seed}`;
}

function makeFindingCase(finding: Finding): ScenarioCase {
  const v = finding.result.verdict;
  const message = 'message' in v ? v.message : v.status;
  const cut = finding.shrinkCutShort ? ' (shrinking stopped at its time budget)' : '';
  return toScenarioCase(finding.sequence, {
    id: findingCaseId(finding),
    title: message.length > 200 ? `${message.slice(0, 197)}...` : message,
    why:
      finding.guided === true
        ? `Found by coverage-guided property testing (seed ${finding.replay.seed}) and shrunk from ${finding.firstSteps} to ${finding.sequence.steps.length} steps${cut}; this file replays it.`
        : `Found by property testing and shrunk from ${finding.firstSteps} to ${finding.sequence.steps.length} steps${cut}; fuzz ${formatReplay(finding.replay)} finds it again.`,
    reference: `property test (harness/sequences, profile ${finding.replay.profile}): ${finding.signature}`,
  });
}

/** Writes `<dir>/findings/NN-<status>-<method>.json` and returns its path. */
export async function writeFinding(dir: string, finding: Finding, index: number): Promise<string> {
  const file: ScenarioFile = {
    description: finding.guided === true ? `A minimized failure from coverage-guided fuzzing, seed ${finding.replay.seed}.` : `A minimized failure from proxy-conformance fuzz ${formatReplay(finding.replay)}.`,
    cases: [makeFindingCase(finding)],
  };
  const valid = loadSpecs().validateScenarioFile(file);
  if (!valid.ok) throw new HarnessError('PC_INTERNAL', `a finding does not fit scenario.schema.json: ${valid.errors.slice(0, 3).join('; ')}`);
  const target = path.join(dir, 'findings', `${String(index).padStart(2, '0')}-${slugOf(finding.result.verdict)}.json`);
  await mkdir(path.dirname(target), { recursive: true });
  await replaceJsonFile(target, file);
  return target;
}

/** What fuzz.json holds: the run and one record per finding, for comparing runs. */
export function makeRunRecord(s: ExploreSummary, files: readonly string[], run: Record<string, unknown>): Record<string, unknown> {
  return {
    ...run,
    sequences: s.sequences,
    explored: s.explored,
    pruned: s.pruned,
    requests: s.requests,
    durationMs: Math.round(s.durationMs),
    stoppedBy: s.stoppedBy,
    findings: s.findings.map((f, i) => ({
      file: files[i],
      id: findingCaseId(f),
      status: f.result.verdict.status,
      signature: f.signature,
      replay: f.replay,
      foundAfterMs: Math.round(f.foundAfterMs),
      foundAfterSequences: f.foundAfterSequences,
      shrinks: f.shrinks,
      shrinkMs: Math.round(f.shrinkMs),
      shrinkCutShort: f.shrinkCutShort,
      firstSteps: f.firstSteps,
      steps: f.sequence.steps.length,
      requests: countRequests(f.sequence.steps),
      reproduced: f.reproduced,
      ...(f.guided === true ? { guided: true } : {}),
      ...(f.interrupted !== undefined ? { interrupted: f.interrupted } : {}),
    })),
  };
}
