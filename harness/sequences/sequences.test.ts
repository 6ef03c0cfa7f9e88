// Generated sequences are scenario cases: valid against specs/scenario.schema.json, the same for
// the same commands, and within each profile's rules.
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSuiteImages } from '../images/suite-images.js';
import type { Step } from '../scenarios/types.js';
import { loadSpecs } from '../specs/index.js';
import { sequenceArbitrary } from './arbitrary.js';
import { FIRST_INITIALIZE } from './commands/initialize.js';
import { PipedCallCommand } from './commands/piped-call.js';
import { releasesAnId } from './commands/random-call.js';
import { OpenImageCommand } from './commands/open-image.js';
import { RawBlobCommand } from './commands/raw-blob.js';
import { ReadPipeCommand } from './commands/read-pipe.js';
import { compileSequence, countRequests, toScenarioCase } from './compile.js';
import { makeImageFacts, type ImageFacts } from './images.js';
import { pipedMethods, planPipedCall } from './payloads.js';
import { PROFILES, type Profile, type SequenceWorld } from './model.js';

let facts: ImageFacts;
beforeAll(async () => {
  facts = makeImageFacts(await loadSuiteImages());
});

const VERSIONS = ['0.2.3', '0.2.8'];
const TEXT = { id: 'fuzz/test/case', title: 'generated', why: 'a test', reference: 'harness/sequences' };

function world(profile: Profile, version = '0.2.8'): SequenceWorld {
  return { profile, version, facts };
}

function allSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((s) => ('repeat' in s ? [s, ...allSteps(s.steps)] : [s]));
}

describe('generated sequences', () => {
  test.each(PROFILES.flatMap((p) => VERSIONS.map((v) => [p, v] as const)))('%s sequences for protocol %s are valid scenario files', (profile, version) => {
    fc.assert(
      fc.property(sequenceArbitrary(profile), (commands) => {
        const sequence = compileSequence(commands, world(profile, version));
        const file = { cases: [toScenarioCase(sequence, TEXT)] };
        const result = loadSpecs().validateScenarioFile(JSON.parse(JSON.stringify(file)));
        expect(result.ok ? [] : result.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('the same commands always compile to the same steps', () => {
    fc.assert(
      fc.property(sequenceArbitrary('adversarial'), (commands) => {
        expect(compileSequence(commands, world('adversarial')).steps).toEqual(compileSequence(commands, world('adversarial')).steps);
      }),
      { numRuns: 200 },
    );
  });

  test('conformance sequences start initialized and never read to EOF before FinishPipe, send random calls or raw packets', () => {
    fc.assert(
      fc.property(sequenceArbitrary('conformance'), (commands) => {
        const sequence = compileSequence(commands, world('conformance'));
        expect(sequence.initialize).toBe(true);
        for (const step of allSteps(sequence.steps)) {
          expect('send' in step).toBe(false);
          if ('read' in step) expect(['concurrent', 'finish-first', 'close-unread', 'partial']).toContain(step.how);
          // Only OpenImageOptional on a missing layout has no settled answer (0 or an error).
          if ('call' in step && step.call !== 'OpenImageOptional') expect(step.expect?.success).not.toBe('any');
          if ('call' in step && step.call === 'FinishPipe') expect(step.args?.length).toBe(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a version without the method expects it to fail cleanly and bounds the case below that version', () => {
    const commands = [
      new OpenImageCommand(false, 'existing', 'simple', 0),
      new RawBlobCommand({ kind: 'open', index: 0 }, { kind: 'layer', layer: 1 }),
      new OpenImageCommand(true, 'existing', 'simple', 0),
    ];
    const old = compileSequence(commands, world('conformance', '0.2.3'));
    expect(old.steps.slice(1, 3)).toEqual([
      { call: 'GetRawBlob', args: ['${img1}', '${images.simple.layers.1.digest}'], expect: { success: false, fds: 0 } },
      { call: 'OpenImageOptional', args: ['${images.simple.reference}'], expect: { success: false, fds: 0 } },
    ]);
    expect([old.since, old.until]).toEqual(['0.2.1', '0.2.4']);
    const current = compileSequence(commands, world('conformance', '0.2.8'));
    expect(current.steps[1]).toMatchObject({ call: 'GetRawBlob', as: 'r2', expect: { value: '${images.simple.layers.1.size}', fds: 2, pipeid: 0 } });
    expect([current.since, current.until]).toEqual(['0.2.8', undefined]);
  });

  test('a piped call is read with golden bytes, a distinct pipe id and the FinishPipe answer the payload calls for', () => {
    const steps = compileSequence(
      [
        new OpenImageCommand(false, 'existing', 'big', 0),
        new PipedCallCommand('GetManifest', { kind: 'open', index: 0 }, { kind: 'layer', layer: 0 }),
        new PipedCallCommand('GetBlob', { kind: 'open', index: 0 }, { kind: 'layer', layer: 0 }),
        new PipedCallCommand('GetBlob', { kind: 'open', index: 0 }, { kind: 'wrong-size', layer: 0, size: 'plus-one' }),
        new ReadPipeCommand(1, 'close-unread', 0),
        new ReadPipeCommand(0, 'finish-first', 0),
        new ReadPipeCommand(0, 'concurrent', 0),
      ],
      world('conformance'),
    ).steps;
    expect(steps[2]).toMatchObject({ call: 'GetBlob', as: 'p3', expect: { pipeid: { $notIn: ['${p2.pipeid}'] } } });
    expect(steps.slice(4)).toEqual([
      { read: 'p3', how: 'close-unread', expectFinish: { success: false, errorCode: 'EPIPE' } },
      { read: 'p2', how: 'finish-first', expectPayload: { bytes: '${images.big.manifest.bytes}' }, expectFinish: { value: null } },
      { read: 'p4', how: 'concurrent', expectFinish: { success: false } },
      { expectNoReply: { withinMs: 10 } },
    ]);
    expect(countRequests(steps)).toBe(7);
  });

  test('finishing a large payload before reading it is adversarial only', () => {
    const commands = [
      new OpenImageCommand(false, 'existing', 'big', 0),
      new PipedCallCommand('GetBlob', { kind: 'open', index: 0 }, { kind: 'layer', layer: 0 }),
      new ReadPipeCommand(0, 'finish-first', 0),
    ];
    expect(compileSequence(commands, world('conformance')).applied).toEqual(['OpenImage(big existing)', 'GetBlob(open#0, layer 0)']);
    expect(compileSequence([FIRST_INITIALIZE, ...commands], world('adversarial')).applied).toEqual([
      'Initialize(empty)',
      'OpenImage(big existing)',
      'GetBlob(open#0, layer 0)',
      'Read(#0, finish-first)',
    ]);
  });
});

describe('the method table drives the generator', () => {
  test('every method the table says passes one pipe has a plan that hands over one fd', () => {
    for (const method of pipedMethods()) {
      const plan = planPipedCall(method, 'simple', facts.simple, { kind: 'layer', layer: 0 });
      expect(plan?.expect.fds, method).toBe(1);
      expect(plan?.pipe, method).toBeDefined();
    }
  });

  test('random calls keep live ids from CloseImage and FinishPipe, the methods that only release an id', () => {
    expect(loadSpecs().methods.filter((m) => releasesAnId(m.name)).map((m) => m.name)).toEqual(['CloseImage', 'FinishPipe']);
  });
});
