// The property loop without an implementation: a stand-in run decides which sequences fail, so
// shrinking, replay, hang pruning and confirmation are checked exactly and in milliseconds.
import { describe, expect, test } from 'vitest';
import type { CaseResult } from '../verdicts/result.js';
import type { Verdict } from '../verdicts/verdict.js';
import type { Step } from '../scenarios/types.js';
import type { CompiledSequence } from '../sequences/compile.js';
import type { Profile } from '../sequences/model.js';
import { fixedSizeWorld } from '../test-support/sequence-world.js';
import { explore, type ExploreInput } from './explore.js';
import { formatExploreSummary, formatFinding } from '../report/fuzz-console.js';

function result(verdict: Verdict): CaseResult {
  return { id: 'x/y', title: 't', level: 'MUST', tags: [], verdict, durationMs: 1, transcript: [], stderrTail: '' };
}

/** A stand-in implementation that gives `verdict` at the first step matching `bad`. */
function failAt(bad: (step: Step) => boolean, verdict: Verdict): ExploreInput['run'] {
  return async (sequence) => {
    const index = sequence.steps.findIndex(bad);
    return index < 0 ? { result: result({ status: 'pass' }), completedSteps: sequence.steps.length } : { result: result(verdict), completedSteps: index };
  };
}

/** GetBlob on an open image (an id from a binding) with a size computed from the fixture (`$add`). */
const isWrongSizeGetBlob = (s: Step) => 'call' in s && s.call === 'GetBlob' && typeof s.args?.[0] === 'string' && typeof s.args?.[2] === 'object';
const WRONG_SIZE: Verdict = { status: 'fail', message: 'GetBlob failed: expected 4198401 bytes' };

/** Bounded by runs, never by the clock: a loaded machine must not cut exploring or shrinking short. */
function input(profile: Profile, run: ExploreInput['run'], extra: Partial<ExploreInput> = {}): ExploreInput {
  return { world: fixedSizeWorld(profile), run, seed: 42, runs: 400, timeMs: Number.POSITIVE_INFINITY, shrinkMs: Number.POSITIVE_INFINITY, signal: new AbortController().signal, ...extra };
}

describe('explore', () => {
  test('shrinks a failure to the steps it needs, and its seed and path replay exactly that sequence', async () => {
    const run = failAt(isWrongSizeGetBlob, WRONG_SIZE);
    const summary = await explore(input('conformance', run));
    expect(summary.findings).toHaveLength(1);
    const finding = summary.findings[0] as (typeof summary.findings)[number];
    expect(finding.sequence.steps).toHaveLength(3);
    expect(finding.sequence.steps[0]).toMatchObject({ call: 'OpenImage' });
    expect(finding.sequence.steps[1]).toMatchObject({ call: 'GetBlob', as: 'p2' });
    expect(finding.sequence.steps[2]).toEqual({ expectNoReply: { withinMs: 10 } });
    expect(finding.reproduced).toBe(true);
    expect(finding.failedStep).toBe(1);

    const replayed = await explore(input('conformance', run, { seed: finding.replay.seed, path: finding.replay.path }));
    expect(replayed.stoppedBy).toBe('replayed');
    expect(replayed.findings[0]?.sequence.steps).toEqual(finding.sequence.steps);
  });

  test('reports each signature once, then keeps exploring for others', async () => {
    const both: ExploreInput['run'] = async (sequence) => {
      const blob = await failAt(isWrongSizeGetBlob, WRONG_SIZE)(sequence);
      if (blob.result.verdict.status !== 'pass') return blob;
      return failAt((s) => 'call' in s && s.call === 'CloseImage' && s.args?.[0] === 999, { status: 'fail', message: 'CloseImage succeeded' })(sequence);
    };
    const summary = await explore(input('conformance', both, { runs: 1500 }));
    expect(summary.findings.map((f) => f.signature).sort()).toEqual(['fail: CloseImage succeeded', 'fail: GetBlob failed: expected N bytes']);
  });

  test('once a kind of command hung, sequences holding it are skipped, not run into the deadline again', async () => {
    const hang: Verdict = { status: 'hang', message: 'no reply to FinishPipe within 1000 ms', pending: 'reply to FinishPipe', waitedMs: 1000 };
    let hangs = 0;
    const run: ExploreInput['run'] = async (sequence) => {
      const r = await failAt((s) => 'read' in s && s.how === 'finish-first', hang)(sequence);
      if (r.result.verdict.status === 'hang') hangs += 1;
      return r;
    };
    let hangsWhenFound = 0;
    const summary = await explore(input('adversarial', run, { runs: 600, onFinding: () => {
        hangsWhenFound = hangs;
      } }));
    expect(summary.findings).toHaveLength(1);
    expect(summary.pruned).toBeGreaterThan(0);
    // Later, a finish-first read of another size class (small, medium, large) hangs once, then is skipped too.
    expect(hangs - hangsWhenFound).toBeLessThanOrEqual(2);
    expect(summary.findings[0]?.sequence.applied.at(-1)).toMatch(/^Read\(#\d+, finish-first\)$/);
  });

  test('a failure that passes when run again with longer deadlines is reported as unconfirmed', async () => {
    const run = failAt(isWrongSizeGetBlob, WRONG_SIZE);
    const confirm = async (sequence: CompiledSequence): ReturnType<ExploreInput['run']> => ({ result: result({ status: 'pass' }), completedSteps: sequence.steps.length });
    const summary = await explore(input('conformance', run, { confirm }));
    expect(summary.findings[0]?.reproduced).toBe(false);
    expect(summary.findings[0]?.result.verdict.status).toBe('fail');
  });

  const INTERRUPTED: Verdict = { status: 'interrupted', message: 'the run was interrupted', pending: 'reply to GetBlob', ranMs: 1 };

  test('Ctrl-C while shrinking: the finding says so, is not run again to confirm, and is not called unconfirmed', async () => {
    const controller = new AbortController();
    const fails = failAt(isWrongSizeGetBlob, WRONG_SIZE);
    let failures = 0;
    // The interrupt comes as the first shrinking candidate that fails is run: the second failing run.
    const run: ExploreInput['run'] = async (sequence) => {
      const r = await fails(sequence);
      if (r.result.verdict.status !== 'fail') return r;
      if (++failures < 2) return r;
      controller.abort(new Error('interrupted by SIGINT'));
      return { result: result(INTERRUPTED), completedSteps: 0 };
    };
    let confirms = 0;
    const confirm: ExploreInput['run'] = async (sequence) => {
      confirms += 1;
      return fails(sequence);
    };
    const summary = await explore(input('conformance', run, { confirm, signal: controller.signal }));
    expect(summary.stoppedBy).toBe('interrupted');
    const finding = summary.findings[0] as (typeof summary.findings)[number];
    expect(finding.interrupted).toBe('shrinking');
    expect(finding.reproduced).toBe(false);
    expect(finding.result.verdict.status).toBe('fail');
    expect(confirms).toBe(0);
    const text = formatFinding(finding, 'f.json', 'proxy-conformance fuzz');
    expect(text).toMatch(/^INTERRUPTED while shrinking: /);
    expect(text).not.toContain('UNCONFIRMED');
    expect(text).toContain('(interrupted)');
    expect(formatExploreSummary(summary)).toMatch(/0 findings \(\+1 cut short by the interrupt\) \(stopped by interrupted\)$/);
  });

  test('Ctrl-C while confirming: the finding says so, and is not called unconfirmed', async () => {
    const controller = new AbortController();
    const confirm: ExploreInput['run'] = async () => {
      controller.abort(new Error('interrupted by SIGINT'));
      return { result: result(INTERRUPTED), completedSteps: 0 };
    };
    const summary = await explore(input('conformance', failAt(isWrongSizeGetBlob, WRONG_SIZE), { confirm, signal: controller.signal }));
    const finding = summary.findings[0] as (typeof summary.findings)[number];
    expect(finding.interrupted).toBe('confirmation');
    expect(finding.reproduced).toBe(false);
    expect(finding.result.verdict.status).toBe('fail');
    const text = formatFinding(finding, 'f.json', 'proxy-conformance fuzz');
    expect(text).toMatch(/^INTERRUPTED while confirming: /);
    expect(text).not.toContain('UNCONFIRMED');
    expect(formatExploreSummary(summary)).toMatch(/0 findings \(\+1 cut short by the interrupt\) \(stopped by interrupted\)$/);
  });
});
