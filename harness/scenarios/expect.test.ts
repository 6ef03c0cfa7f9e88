import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Reply } from '../protocol/client.js';
import { loadSpecs } from '../specs/index.js';
import type { PipeReadResult } from '../transport/pipe-reader.js';
import { judgePayload, judgeReply } from './expect.js';

describe('judgeReply', () => {
  const specs = loadSpecs();
  const failed: Reply = { success: false, value: null, pipeid: 0, error: 'broken pipe', error_code: 'other' };
  const judge = (version: string) => judgeReply('FinishPipe', failed, 0, { success: false, errorCode: 'EPIPE' }, version, specs, new Map());

  test('checks error_code only for versions whose reply envelope has it (0.2.8 on)', () => {
    expect(judge('0.2.3')).toBeNull();
    expect(judge('0.2.7')).toBeNull();
    expect(judge('0.2.8')).toBe('FinishPipe error_code is "other", expected "EPIPE"');
    expect(judge('0.3.1')).toBe('FinishPipe error_code is "other", expected "EPIPE"');
  });

  test('does not check error_code when the version is not semver or predates the history', () => {
    expect(judge('unknown')).toBeNull();
    expect(judge('0.1.0')).toBeNull();
  });
});

describe('judgePayload on a payload too long to have been kept', () => {
  const specs = loadSpecs();
  const golden = Buffer.alloc(5000, 'm');
  const digest = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  // What readPipe returns past its keepUpTo: the size and digest, no bytes.
  const unkept = (b: Buffer): PipeReadResult => ({ bytes: b.length, sha256: digest(b), end: 'eof' });
  const judge = (payload: PipeReadResult, exp: Parameters<typeof judgePayload>[2]) => judgePayload('the GetManifest payload', payload, exp, specs, new Map([['golden', golden]]), 1024);

  test('says a JSON expectation cannot be judged, with the payload\'s size and the cap', () => {
    expect(judge(unkept(golden), { json: { schemaVersion: 2 } })).toBe('the GetManifest payload is too large to judge as JSON: 5000 bytes, more than the 1024 a check keeps of a payload');
    expect(judge(unkept(golden), { schema: 'oci-manifest' })).toMatch(/too large to judge as JSON: 5000 bytes/);
  });

  test('judges golden bytes by length and digest', () => {
    expect(judge(unkept(golden), { bytes: '${golden}' })).toBeNull();
    expect(judge(unkept(Buffer.alloc(5001, 'm')), { bytes: '${golden}' })).toBe('the GetManifest payload differs from the golden bytes in length (5001 bytes, expected 5000)');
    const other = Buffer.alloc(5000, 'n');
    expect(judge(unkept(other), { bytes: '${golden}' })).toBe(`the GetManifest payload differs from the golden bytes: digest ${digest(other)}, expected ${digest(golden)}`);
  });
});
