// The archive transports extract every opened image into its own directory under TMPDIR, which
// CloseImage and the end of the session remove.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fixtureImage, Session } from '../../test-support/reference-proxy/session.js';

describe('extracted archives', () => {
  test.each([
    ['docker-archive', 'oci-simple@docker-archive'],
    ['oci-archive', 'oci-simple@oci-archive'],
  ])('%s extracts each opened image into a temporary directory (under TMPDIR) that CloseImage and the end of the session remove', async (transport, id) => {
    const image = await fixtureImage(id);
    const savedTmpdir = process.env.TMPDIR;
    const tmpdir = mkdtempSync(path.join(os.tmpdir(), 'reference-proxy-test-'));
    process.env.TMPDIR = tmpdir;
    const tempDirs = () => readdirSync(tmpdir).filter((n) => n.startsWith(`reference-proxy-${transport}-`)).length;
    const s = new Session([]);
    try {
      await s.initialize();
      const a = await s.open(image.reference);
      await s.open(image.reference);
      expect(tempDirs()).toBe(2);
      await s.ok('CloseImage', [a]);
      expect(tempDirs()).toBe(1);
      expect(await s.end()).toBe(0);
      expect(tempDirs()).toBe(0);
    } finally {
      await s.end();
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
      rmSync(tmpdir, { recursive: true, force: true });
    }
  });
});
