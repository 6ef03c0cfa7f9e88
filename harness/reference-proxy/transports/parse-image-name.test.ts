import { describe, expect, test } from 'vitest';
import { loadSpecs } from '../../specs/index.js';
import { parseImageName, SERVED_TRANSPORTS } from './parse-image-name.js';

describe('the transport table', () => {
  test('serves every transport of specs/transports.json, docker included, and nothing else', () => {
    const listed = loadSpecs().transports.map((t) => t.name);
    expect([...SERVED_TRANSPORTS].sort()).toEqual([...listed].sort());
  });

  test('docker: is parsed (nothing is fetched before the image opens)', async () => {
    const ref = await parseImageName('docker://example.invalid/x:1');
    expect([ref.transport, ref.name]).toEqual(['docker', 'docker://example.invalid/x:1']);
  });

  test('a transport skopeo has and this proxy does not is refused by name, listing the transports that are served', async () => {
    await expect(parseImageName('docker-daemon:x:1')).rejects.toThrow(
      'Invalid image name "docker-daemon:x:1": the docker-daemon transport is not supported by the reference proxy (only oci, oci-archive, dir, docker-archive and docker)',
    );
  });

  test('a transport name that is an Object.prototype key is unknown, not a reader', async () => {
    await expect(parseImageName('constructor:x')).rejects.toThrow('Invalid image name "constructor:x", unknown transport "constructor"');
  });
});
