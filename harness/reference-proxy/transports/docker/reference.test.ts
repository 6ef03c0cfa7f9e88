import { describe, expect, test } from 'vitest';
import { parseDockerImageName, registryHost, repositoryName, tagOrDigest } from './reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('docker:// references', () => {
  test.each([
    ['//127.0.0.1:5000/proxy-conformance/oci-simple:latest', { domain: '127.0.0.1:5000', path: 'proxy-conformance/oci-simple', tag: 'latest' }],
    ['//127.0.0.1:5000/repo', { domain: '127.0.0.1:5000', path: 'repo', tag: 'latest' }],
    [`//localhost/a/b@${DIGEST}`, { domain: 'localhost', path: 'a/b', digest: DIGEST }],
    ['//busybox', { domain: 'docker.io', path: 'library/busybox', tag: 'latest' }],
    ['//docker.io/busybox:1.36', { domain: 'docker.io', path: 'library/busybox', tag: '1.36' }],
    ['//quay.io/org/image:v1.2-rc', { domain: 'quay.io', path: 'org/image', tag: 'v1.2-rc' }],
  ])('%s', (within, want) => {
    expect(parseDockerImageName(within)).toStrictEqual(want);
  });

  test('the name in errors, the manifest reference and Docker Hub\'s API host', () => {
    const name = parseDockerImageName('//127.0.0.1:5000/a/b');
    expect([repositoryName(name), tagOrDigest(name)]).toEqual(['127.0.0.1:5000/a/b', 'latest']);
    expect(tagOrDigest(parseDockerImageName(`//h.example/a@${DIGEST}`))).toBe(DIGEST);
    expect([registryHost('docker.io'), registryHost('127.0.0.1:5000')]).toEqual(['registry-1.docker.io', '127.0.0.1:5000']);
  });

  test.each([
    ['127.0.0.1:5000/a', 'docker: image reference 127.0.0.1:5000/a does not start with //'],
    ['//127.0.0.1:5000/Upper', 'invalid reference format: repository name (Upper) must be lowercase'],
    ['//127.0.0.1:5000/a:b:c', 'invalid reference format'],
    ['//127.0.0.1:5000/a@sha256:xyz', 'invalid reference format'],
    ['//127.0.0.1:5000/', 'invalid reference format'],
    ['//', 'invalid reference format'],
    [`//127.0.0.1:5000/a:1@${DIGEST}`, 'Docker references with both a tag and digest are currently not supported'],
  ])('%s is refused: %s', (within, message) => {
    expect(() => parseDockerImageName(within)).toThrow(message);
  });
});
