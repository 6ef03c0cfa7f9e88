// A finding on disk and on the console: the minimal sequence as a scenario file in the suite's
// format (so `proxy-conformance replay FILE` runs it like any scripted case), and the lines that
// say what broke, how far it shrank and how to find it again.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors.js';
import type { CaseResult } from '../verdicts/result.js';
import { formatCheckLine } from '../report/console.js';
import type { ScenarioCase, ScenarioFile } from '../scenarios/types.js';
import { countRequests, toScenarioCase } from '../sequences/compile.js';
import { loadSpecs } from '../specs/index.js';
import type { ExploreSummary, Finding } from './explore.js';
import { formatReplay } from './replay-path.js';
import { slugOf } from './signature.js';
import { replaceJsonFile } from '../files/replace-file.js';

function findingCaseId(finding: Finding): string {
  return `fuzz/${finding.replay.profile}/${slugOf(finding.result.verdict)}-s${finding.replay.seed}`;
}

function makeFindingCase(finding: Finding): ScenarioCase {
  const v = finding.result.verdict;
  const message = 'message' in v ? v.message : v.status;
  const cut = finding.shrinkCutShort ? ' (shrinking stopped at its time budget)' : '';
  return toScenarioCase(finding.sequence, {
    id: findingCaseId(finding),
    title: message.length > 200 ? `${message.slice(0, 197)}...` : message,
    why: `Found by property testing and shrunk from ${finding.firstSteps} to ${finding.sequence.steps.length} steps${cut}; fuzz ${formatReplay(finding.replay)} finds it again.`,
    reference: `property test (harness/sequences, profile ${finding.replay.profile}): ${finding.signature}`,
  });
}

/** Writes `<dir>/findings/NN-<status>-<method>.json` and returns its path. */
export async function writeFinding(dir: string, finding: Finding, index: number): Promise<string> {
  const file: ScenarioFile = {
    description: `A minimized failure from proxy-conformance fuzz ${formatReplay(finding.replay)}.`,
    cases: [makeFindingCase(finding)],
  };
  const valid = loadSpecs().validateScenarioFile(file);
  if (!valid.ok) throw new HarnessError('PC_INTERNAL', `a finding does not fit scenario.schema.json: ${valid.errors.slice(0, 3).join('; ')}`);
  const target = path.join(dir, 'findings', `${String(index).padStart(2, '0')}-${slugOf(finding.result.verdict)}.json`);
  await mkdir(path.dirname(target), { recursive: true });
  await replaceJsonFile(target, file);
  return target;
}

/** The finding's console block; `command` is the fuzz command line that precedes the replay flags. */
export function formatFinding(finding: Finding, file: string, command: string): string {
  const f = finding;
  const steps = f.sequence.steps;
  const result: CaseResult = { ...f.result, id: findingCaseId(f) };
  const lines = [
    ...(f.interrupted !== undefined ? [INTERRUPTED_NOTE[f.interrupted]] : f.reproduced ? [] : ['UNCONFIRMED: the minimal sequence did not fail the same way when run again with longer deadlines (a slow machine?)']),
    formatCheckLine(result),
    `      found after ${plural(f.foundAfterSequences, 'sequence')} (${seconds(f.foundAfterMs)}); shrunk ${plural(f.shrinks, 'time')} in ${seconds(f.shrinkMs)}: ` +
      `${f.firstSteps} → ${plural(steps.length, 'step')}, ${plural(countRequests(steps), 'request')}${f.shrinkCutShort ? ' (shrink budget ran out)' : f.interrupted === 'shrinking' ? ' (interrupted)' : ''}`,
    '      steps:',
    ...steps.map((s) => `        ${clip(JSON.stringify(s), 220)}`),
    `      scenario: ${file}   (proxy-conformance replay ${file})`,
    `      replay:   ${command} ${formatReplay(f.replay)}`,
  ];
  return lines.join('\n');
}

/** What an interrupted finding did not finish, in place of the unconfirmed line. */
const INTERRUPTED_NOTE = {
  shrinking: 'INTERRUPTED while shrinking: the sequence below failed, but may not be minimal, and was not run again to confirm it',
  confirmation: 'INTERRUPTED while confirming: the sequence below failed, but its run again with longer deadlines did not finish',
} as const;

export function formatExploreSummary(s: ExploreSummary): string {
  const secs = s.durationMs / 1000;
  // Every sequence run was either explored (a new one) or a step of shrinking; skipped ones never ran.
  const pruned = s.pruned > 0 ? `; ${s.pruned} more skipped as known hangs` : '';
  const unconfirmed = s.findings.filter((f) => !f.reproduced && f.interrupted === undefined).length;
  const cut = s.findings.filter((f) => f.interrupted !== undefined).length;
  return (
    `${s.sequences} sequences run (${s.explored} explored + ${s.sequences - s.explored} while shrinking)${pruned}, ${s.requests} requests in ${secs.toFixed(1)} s: ` +
    `${(s.sequences / secs).toFixed(1)} sequences/s, ${(s.requests / secs).toFixed(0)} requests/s; ` +
    `${plural(s.findings.length - unconfirmed - cut, 'finding')}${unconfirmed > 0 ? ` (+${unconfirmed} unconfirmed)` : ''}${cut > 0 ? ` (+${cut} cut short by the interrupt)` : ''} (stopped by ${s.stoppedBy})`
  );
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
      ...(f.interrupted !== undefined ? { interrupted: f.interrupted } : {}),
    })),
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
