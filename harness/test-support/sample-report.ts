// A small report document with every verdict, a baseline and two implementations, for the
// reporters' tests (real runs give the same shape; see harness/report/model.ts).
import type { CaseResult } from '../verdicts/result.js';
import { toCaseRecord } from '../report/build.js';
import type { CaseRecord, ImplementationRun, ReportDocument } from '../report/model.js';

function result(id: string, verdict: CaseResult['verdict'], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    title: `title of ${id} <with markup & "quotes">`,
    level: id.startsWith('lifecycle') ? 'MUST' : id.includes('should') ? 'SHOULD' : 'MUST',
    tags: ['smoke'],
    verdict,
    durationMs: 12.5,
    transcript: [
      { t: 0.1, event: 'send', len: 35, text: '{"method":"Initialize","args":[]}', fds: 0 },
      { t: 0.9, event: 'recv', len: 52, text: '{"success":true,"value":"0.2.3","pipeid":0,"error":""}', fds: [], truncated: false },
      { t: 1.2, event: 'send', len: 60, text: '{"method":"GetBlob","args":[1,"sha256:ab",3]}', fds: 0 },
      { t: 2.0, event: 'recv', len: 48, text: '{"success":true,"value":3,"pipeid":1,"error":""}', fds: ['pipe (read end)'], truncated: false },
      { t: 2.5, event: 'payload', pipeid: 1, bytes: 3, sha256: 'ab', end: 'eof' },
    ],
    stderrTail: '',
    ...extra,
  };
}

const skopeoResults: CaseResult[] = [
  result('lifecycle/initialize-semver', { status: 'pass' }),
  result('getblob/layers', { status: 'pass' }),
  result('getblob/bad-digest', { status: 'fail', message: 'GetBlob succeeded, expected an error' }),
  result('finishpipe/no-args', {
    status: 'crash',
    message: 'implementation exited (code 2) before replying to FinishPipe',
    exit: { code: 2, signal: null },
    stderrTail: 'panic: runtime error: index out of range [0] with length 0\ngoroutine 1 [running]:',
  }, { stderrTail: 'panic: runtime error: index out of range [0] with length 0\ngoroutine 1 [running]:' }),
  result('finishpipe/finish-before-read-big', {
    status: 'hang',
    message: 'no reply to FinishPipe within 1000 ms',
    pending: 'FinishPipe',
    waitedMs: 1000,
  }),
  result('rawblob/error-pipe', { status: 'not-applicable', reason: 'needs protocol 0.2.8, the implementation speaks 0.2.3' }),
  result('manifest/should-media-type', { status: 'fail', message: 'manifest media type differs' }),
];

const skopeo: ImplementationRun = {
  implementation: {
    label: 'skopeo',
    executable: '/usr/bin/skopeo',
    args: ['--policy', '/tmp/proxy-conformance-1-x/policy.json', 'experimental-image-proxy'],
    socket: 'stdin',
    versionString: 'skopeo version 1.9.3',
    protocolVersion: '0.2.3',
  },
  preflightError: null,
  startedAt: '2026-11-23T10:00:00.000Z',
  durationMs: 10_400,
  cases: skopeoResults.map((r): CaseRecord => {
    const recorded: Record<string, CaseRecord['baseline']> = {
      'getblob/bad-digest': { outcome: 'expected', recorded: 'fail', reason: 'skopeo 1.9.3 does not verify digests' },
      'finishpipe/no-args': { outcome: 'expected', recorded: 'crash', reason: 'panics on a missing argument' },
      'finishpipe/finish-before-read-big': { outcome: 'flaky', recorded: 'hang', reason: 'depends on the pipe buffer' },
      'manifest/should-media-type': { outcome: 'regression' },
    };
    return toCaseRecord(r, recorded[r.id] ?? { outcome: 'clean' });
  }),
  baseline: {
    file: 'specs/expected/skopeo-1.9.3.json',
    implementation: 'skopeo 1.9.3',
    regressions: [{ id: 'manifest/should-media-type', expected: 'pass', got: 'fail', message: 'manifest media type differs' }],
    stale: [],
    unknown: [],
    expected: ['getblob/bad-digest', 'finishpipe/no-args'],
    flaky: ['finishpipe/finish-before-read-big'],
  },
};

const reference: ImplementationRun = {
  implementation: {
    label: 'reference-proxy',
    executable: '/work/bin/reference-proxy.js',
    args: [],
    socket: 'stdin',
    versionString: 'proxy-conformance reference proxy 0.1.0',
    protocolVersion: '0.2.8',
  },
  preflightError: null,
  startedAt: '2026-11-23T10:00:11.000Z',
  durationMs: 9_100,
  cases: skopeoResults.map((r) =>
    toCaseRecord(r.id === 'manifest/should-media-type' ? r : { ...r, verdict: { status: 'pass' }, stderrTail: '' }),
  ),
  baseline: null,
};

export function sampleReport(): ReportDocument {
  return {
    format: 1,
    startedAt: '2026-11-23T10:00:00.000Z',
    durationMs: 20_000,
    environment: { tool: { name: 'proxy-conformance', version: '0.1.0' }, node: 'v20.0.0', platform: 'linux', arch: 'x64', kernel: '6.1.0', cpus: 2, ci: null },
    configuration: {
      fixtureSeed: 1,
      timeouts: { callMs: 5000, payloadMs: 30000, exitMs: 2000, termMs: 1000 },
      jobs: 2,
      run: [],
      skip: [],
      level: null,
      shard: null,
      suiteCases: 202,
      selectedCases: skopeoResults.length,
      suiteDigest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
      configFile: null,
    },
    runs: [skopeo, reference],
  };
}

/** The same document with only the first implementation. */
export function sampleSingleReport(): ReportDocument {
  const doc = sampleReport();
  return { ...doc, runs: doc.runs.slice(0, 1) };
}

/** The single-implementation document as an interrupted run leaves it: one case cut short, two never started. */
export function sampleInterruptedReport(): ReportDocument {
  const doc = structuredClone(sampleSingleReport());
  const run = doc.runs[0]!;
  run.cases[1]!.verdict = { status: 'interrupted', message: 'the run was interrupted while the case waited for reply to GetBlob', pending: 'reply to GetBlob', ranMs: 800 };
  run.interrupted = { notRun: ['lifecycle/eof-exit-zero', 'manifest/golden'] };
  return { ...doc, interrupted: { notRun: 2 } };
}
