import { describe, expect, test } from 'vitest';
import { loadSpecs } from '../../specs/index.js';
import { parseImageName, SERVED_TRANSPORTS } from './parse-image-name.js';

describe('the transport table', () => {
  test('serves every transport of specs/transports.json except docker (no registry client yet), and nothing else', () => {
    const listed = loadSpecs().transports.map((t) => t.name);
    expect([...SERVED_TRANSPORTS].sort()).toEqual(listed.filter((name) => name !== 'docker').sort());
  });

  test('docker: is refused by name, listing the transports that are served', async () => {
    await expect(parseImageName('docker://example.invalid/x:1')).rejects.toThrow(
      'Invalid image name "docker://example.invalid/x:1": the docker transport is not supported by the reference proxy (only oci, oci-archive, dir and docker-archive)',
    );
  });

  test('a transport name that is an Object.prototype key is unknown, not a reader', async () => {
    await expect(parseImageName('constructor:x')).rejects.toThrow('Invalid image name "constructor:x", unknown transport "constructor"');
  });
});
