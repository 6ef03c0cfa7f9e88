import { describe, expect, test } from 'vitest';
import type { Reply } from '../protocol/client.js';
import { loadSpecs } from '../specs/index.js';
import { judgeReply } from './expect.js';

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
