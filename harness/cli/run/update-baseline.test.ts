// What --update-baseline writes about the implementation and its schema, without running one.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/paths.js';
import type { ImplementationInfo } from '../../verdicts/result.js';
import { implementationString, schemaReferenceFrom } from './update-baseline.js';

const run = (protocolVersion: string | null): { implementation: ImplementationInfo } => ({
  implementation: { executable: '/usr/bin/skopeo', args: [], socket: 'stdin', protocolVersion },
});

describe('the implementation string of a new baseline', () => {
  it('is the shipped record\'s for the release, when one ships', () => {
    const known = { release: 'skopeo 1.9.3', baseline: { implementation: 'skopeo 1.9.3 (Debian 1.9.3+ds1-1+b10, Go 1.19), protocol 0.2.3', protocol: '0.2.3', cases: {} } };
    expect(implementationString(run('0.2.3'), { label: 'skopeo', versionString: 'skopeo version 1.9.3', known })).toBe('skopeo 1.9.3 (Debian 1.9.3+ds1-1+b10, Go 1.19), protocol 0.2.3');
  });

  it('is what the implementation says of itself and its protocol, else its name and protocol, never only the executable\'s name', () => {
    expect(implementationString(run('0.2.8'), { label: 'skopeo', versionString: 'skopeo version 1.23.0', known: null })).toBe('skopeo version 1.23.0, protocol 0.2.8');
    expect(implementationString(run('0.2.3'), { label: 'my proxy', versionString: null })).toBe('my proxy, protocol 0.2.3');
    expect(implementationString(run(null), { label: 'client.py', versionString: null })).toBe('client.py');
  });
});

describe('the $schema of a written baseline', () => {
  const SCHEMA = path.join(REPO_ROOT, 'specs', 'baseline.schema.json');

  it.each([
    ['beside the shipped records', path.join(REPO_ROOT, 'specs', 'expected', 'mine.json'), '../baseline.schema.json'],
    ['in a folder of the project', path.join(REPO_ROOT, 'ci', 'baselines', 'skopeo.json'), '../../specs/baseline.schema.json'],
    ['in a folder that shares only the root with the package', '/srv/ci/baseline.json', undefined],
  ])('is the relative path to the package\'s schema from a file %s', (_where, file, expected) => {
    const reference = schemaReferenceFrom(file);
    expect(reference).not.toMatch(/^https?:/);
    expect(path.resolve(path.dirname(file), reference)).toBe(SCHEMA);
    if (expected !== undefined) expect(reference).toBe(expected);
  });
});
