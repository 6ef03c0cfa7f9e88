// The scripted suite as data: every scenario file is valid, ids are unique and hierarchical, the
// suite is big enough to matter, and its reply invariants and golden comparisons demonstrably fail
// against a small deliberately wrong implementation.
import { describe, expect, test } from 'vitest';
import { loadSuite } from '../run/suite.js';
import { cliRunner, UNHURRIED } from '../test-support/cli.js';
import { MINI_PROXY } from '../test-support/paths.js';
import { matchValue, resolveTemplate, SavedReply } from './templates.js';

const runCli = cliRunner();

describe('the scripted suite', () => {
  const suite = loadSuite();

  test('has at least 120 cases with unique hierarchical ids, each with a why and a reference', () => {
    expect(suite.length).toBeGreaterThanOrEqual(120);
    expect(new Set(suite.map((c) => c.id)).size).toBe(suite.length);
    for (const c of suite) {
      expect(c.id).toMatch(/^[a-z0-9][a-z0-9.-]*(\/[a-z0-9][a-z0-9.-]*)+$/);
      expect(c.why.length, c.id).toBeGreaterThan(10);
      expect(c.reference.length, c.id).toBeGreaterThan(3);
    }
  });

  test('covers every method of the protocol, each at MUST level somewhere', () => {
    const groups = new Set(suite.filter((c) => c.level === 'MUST').flatMap((c) => c.tags));
    for (const tag of ['lifecycle', 'openimage', 'closeimage', 'manifest', 'config', 'layerinfo', 'getblob', 'rawblob', 'finishpipe', 'malformed']) {
      expect(groups, tag).toContain(tag);
    }
  });
});

describe('templates', () => {
  const bindings = new Map<string, unknown>([
    ['image', { layers: [{ digest: 'sha256:aa', size: 180 }] }],
    ['img', new SavedReply(3, 0, true)],
    ['m', new SavedReply('sha256:bb', 8, true)],
  ]);

  test('a whole reference keeps its JSON type; an embedded one is interpolated', () => {
    expect(resolveTemplate(['${img}', '${image.layers.0.size}', 'oci:${image.layers.0.digest}'], bindings)).toEqual([3, 180, 'oci:sha256:aa']);
    expect(resolveTemplate('${m.pipeid}', bindings)).toBe(8);
  });

  test('operators build numbers and long strings', () => {
    expect(resolveTemplate({ $add: ['${img}', 4294967296] }, bindings)).toBe(4294967299);
    expect(resolveTemplate({ $concat: ['[', { $repeat: ['a', 3] }, ']'] }, bindings)).toBe('[aaa]');
    expect(resolveTemplate({ $upper: 'sha256:ab' }, bindings)).toBe('SHA256:AB');
  });

  test('matchers accept what they describe and reject the rest', () => {
    expect(matchValue(3, { $positive: true }, bindings)).toBeNull();
    expect(matchValue(0, { $positive: true }, bindings)).toMatch(/not a positive integer/);
    expect(matchValue(3, { $notIn: ['${img}'] }, bindings)).toMatch(/repeats/);
    expect(matchValue('0.2.3', { $semver: true }, bindings)).toBeNull();
    expect(matchValue({ code: 'EPIPE', message: 'x' }, { $subset: { code: 'EPIPE' } }, bindings)).toBeNull();
    expect(matchValue({ code: 'other' }, { $subset: { code: 'EPIPE' } }, bindings)).toMatch(/code/);
  });
});

// Each fault of the small test implementation breaks one rule; the named case must catch it with
// a message that says what broke.
describe('reply invariants and golden comparisons fail against a deliberately wrong implementation', () => {
  const FAULTS: Array<[fault: string, caseId: string, message: RegExp]> = [
    ['pipeid-without-fd', 'manifest/golden/oci', /GetManifest replied with pipeid \d+ and 0 fds/],
    ['error-with-fd', 'openimage/missing-tag', /OpenImage failed but passed 1 fds/],
    ['fd-is-socket', 'manifest/golden/oci', /GetManifest passed fd \d+ that is a socket, not a pipe read end/],
    ['write-end-passed', 'manifest/golden/oci', /GetManifest passed fd \d+ that is a pipe opened for write/],
    ['empty-error', 'openimage/missing-tag', /breaks the 0\.2\.3 envelope schema: \$\.error must NOT have fewer than 1 characters/],
    ['extra-key', 'openimage/missing-tag', /breaks the 0\.2\.3 envelope schema: \$ must NOT have additional properties \("id"\)/],
    ['wrong-manifest-byte', 'manifest/golden/oci', /the GetManifest payload differs from the golden bytes at offset 10/],
    ['wrong-manifest-digest', 'manifest/golden/oci', /GetManifest value: "sha256:0{64}" differs from the expected "sha256:/],
    ['truncated-blob', 'getblob/layer-1', /the GetBlob payload carried \d+ bytes, expected \d+/],
    ['config-not-golden', 'config/full-golden', /the GetFullConfig payload is not JSON-equal to the golden value/],
  ];

  test('the implementation passes those cases when it behaves', async () => {
    const ids = [...new Set(FAULTS.map(([, id]) => id))];
    const result = await runCli(['--impl', MINI_PROXY, ...ids.flatMap((id) => ['--run', id]), ...UNHURRIED]);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`${ids.length} passed, 0 failed`);
  });

  test.each(FAULTS)('fault %s fails %s', async (fault, caseId, message) => {
    const result = await runCli(['--impl', MINI_PROXY, '--impl-arg=--fault', `--impl-arg=${fault}`, '--run', caseId, ...UNHURRIED]);
    expect(result.stdout).toMatch(new RegExp(`^FAIL  ${caseId} `, 'm'));
    expect(result.stdout).toMatch(message);
    expect(result.exitCode).toBe(1);
  });
});
