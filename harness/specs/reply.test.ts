import { describe, expect, it } from 'vitest';
import { loadSpecs } from './specs.js';

const specs = loadSpecs();

// Replies recorded verbatim from skopeo 1.9.3, which speaks protocol 0.2.3.
const RECORDED_0_2_3 = {
  Initialize: '{"success":true,"value":"0.2.3","pipeid":0,"error":""}',
  OpenImage: '{"success":true,"value":1,"pipeid":0,"error":""}',
  CloseImage: '{"success":true,"value":null,"pipeid":0,"error":""}',
  GetManifest: '{"success":true,"value":"sha256:e367d69320dd0707b5b327ece373d5b748a1b3e7184a8eac968bacb99cf7df25","pipeid":8,"error":""}',
  GetFullConfig: '{"success":true,"value":null,"pipeid":8,"error":""}',
  GetBlob: '{"success":true,"value":180,"pipeid":9,"error":""}',
  FinishPipe: '{"success":true,"value":null,"pipeid":0,"error":""}',
} as const;
const FAILURES_0_2_3 = [
  '{"success":false,"value":null,"pipeid":0,"error":"client error: must invoke Initialize"}',
  '{"success":false,"value":null,"pipeid":0,"error":"unknown method: GetRawBlob"}',
];

// Replies recorded verbatim from skopeo 1.20.0, which speaks protocol 0.2.8.
const RECORDED_0_2_8 = {
  Initialize: '{"success":true,"value":"0.2.8","pipeid":0,"error_code":"","error":""}',
  OpenImage: '{"success":true,"value":1,"pipeid":0,"error_code":"","error":""}',
  GetManifest:
    '{"success":true,"value":"sha256:e367d69320dd0707b5b327ece373d5b748a1b3e7184a8eac968bacb99cf7df25","pipeid":7,"error_code":"","error":""}',
  GetLayerInfoPiped: '{"success":true,"value":null,"pipeid":7,"error_code":"","error":""}',
  GetBlob: '{"success":true,"value":180,"pipeid":7,"error_code":"","error":""}',
  GetRawBlob: '{"success":true,"value":4198400,"pipeid":0,"error_code":"","error":""}',
  GetLayerInfo:
    '{"success":true,"value":[{"digest":"sha256:c9a93e68c8d6157bef2f7c56ad6e66c78fe9ade7c3c2e67801c953d38d0daf54","size":180,"media_type":"application/vnd.oci.image.layer.v1.tar+gzip"},{"digest":"sha256:aa88cbb79389867c1952935c11e2151af634ef1eff2b16129ab86720a2194345","size":4198400,"media_type":"application/vnd.oci.image.layer.v1.tar"}],"pipeid":0,"error_code":"","error":""}',
  OpenImageOptional: '{"success":true,"value":0,"pipeid":0,"error_code":"","error":""}',
  FinishPipe: '{"success":true,"value":null,"pipeid":0,"error_code":"","error":""}',
} as const;
const FAILURES_0_2_8 = [
  '{"success":false,"value":null,"pipeid":0,"error_code":"other","error":"client error: must invoke Initialize"}',
  '{"success":false,"value":null,"pipeid":0,"error_code":"EPIPE","error":"write |1: broken pipe"}',
  '{"success":false,"value":null,"pipeid":0,"error_code":"retryable","error":"pinging container registry 127.0.0.1:1: Get \\"https://127.0.0.1:1/v2/\\": dial tcp 127.0.0.1:1: connect: connection refused"}',
];

const OK_0_2_8 = { success: true, value: null, pipeid: 0, error_code: '', error: '' };
const FAIL_0_2_8 = { success: false, value: null, pipeid: 0, error_code: 'other', error: 'no image 9' };
const OK_0_2_3 = { success: true, value: null, pipeid: 0, error: '' };
const FAIL_0_2_3 = { success: false, value: null, pipeid: 0, error: 'no image 9' };

describe('recorded skopeo replies', () => {
  for (const [version, recorded, failures] of [
    ['0.2.3', RECORDED_0_2_3, FAILURES_0_2_3],
    ['0.2.8', RECORDED_0_2_8, FAILURES_0_2_8],
  ] as const) {
    for (const [method, raw] of Object.entries(recorded)) {
      it(`a ${method} reply recorded at ${version} fits the ${version} envelope and ${method}'s value schema`, () => {
        const reply = JSON.parse(raw) as { value: unknown };
        expect(specs.validateReply(reply, version)).toEqual({ ok: true });
        expect(specs.validateValue(method, reply.value)).toEqual({ ok: true });
      });
    }
    it(`every failure recorded at ${version} fits the ${version} envelope`, () => {
      for (const raw of failures) expect(specs.validateReply(JSON.parse(raw), version)).toEqual({ ok: true });
    });
  }

  it('a 0.2.8 reply fails the 0.2.3 envelope and a 0.2.3 reply fails the 0.2.8 one', () => {
    expect(specs.validateReply(JSON.parse(RECORDED_0_2_8.Initialize), '0.2.3').ok).toBe(false);
    expect(specs.validateReply(JSON.parse(RECORDED_0_2_3.Initialize), '0.2.8').ok).toBe(false);
  });
});

describe('reply envelope rejections', () => {
  const cases: [string, string, unknown, RegExp][] = [
    ['success with a non-empty error', '0.2.3', { ...OK_0_2_3, error: 'oops' }, /\$\.error must be equal to constant ""/],
    ['success with a non-empty error', '0.2.8', { ...OK_0_2_8, error: 'oops' }, /\$\.error must be equal to constant ""/],
    ['success with an error_code', '0.2.8', { ...OK_0_2_8, error_code: 'other' }, /\$\.error_code must be equal to constant ""/],
    ['failure carrying a pipeid', '0.2.3', { ...FAIL_0_2_3, pipeid: 7 }, /\$\.pipeid must be equal to constant 0/],
    ['failure carrying a pipeid', '0.2.8', { ...FAIL_0_2_8, pipeid: 7 }, /\$\.pipeid must be equal to constant 0/],
    ['failure carrying a value', '0.2.3', { ...FAIL_0_2_3, value: 1 }, /\$\.value must be null/],
    ['failure with an empty error', '0.2.3', { ...FAIL_0_2_3, error: '' }, /\$\.error must NOT have fewer than 1 characters/],
    ['failure with an unknown error_code', '0.2.8', { ...FAIL_0_2_8, error_code: 'EAGAIN' }, /\$\.error_code must be equal to one of the allowed values/],
    ['failure with an empty error_code', '0.2.8', { ...FAIL_0_2_8, error_code: '' }, /\$\.error_code must be equal to one of/],
    ['missing error_code', '0.2.8', OK_0_2_3, /must have required property 'error_code'/],
    ['error_code before 0.2.8', '0.2.3', OK_0_2_8, /must NOT have additional properties \("error_code"\)/],
    ['missing value', '0.2.3', { success: true, pipeid: 0, error: '' }, /must have required property 'value'/],
    ['a negative pipeid', '0.2.3', { ...OK_0_2_3, pipeid: -1 }, /\$\.pipeid must be >= 0/],
    ['a pipeid above uint32', '0.2.8', { ...OK_0_2_8, pipeid: 2 ** 32 }, /\$\.pipeid must be <= 4294967295/],
    ['a fractional pipeid', '0.2.8', { ...OK_0_2_8, pipeid: 7.5 }, /\$\.pipeid must be integer/],
    ['success as a string', '0.2.3', { ...OK_0_2_3, success: 'true' }, /\$\.success must be boolean/],
    ['an array', '0.2.3', [], /^\$ must be object$/],
  ];
  for (const [what, version, reply, message] of cases) {
    it(`rejects ${what} at ${version}`, () => {
      const result = specs.validateReply(reply, version);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
    });
  }

  it('uses the newest envelope at or below an unlisted version', () => {
    expect(specs.validateReply(OK_0_2_8, '0.2.9')).toEqual({ ok: true });
    expect(specs.validateReply(OK_0_2_3, '0.2.7')).toEqual({ ok: true });
    expect(specs.validateReply(OK_0_2_3, '0.2.9').ok).toBe(false);
  });

  it('throws a usage error for a version that is not semver or predates 0.2.1', () => {
    expect(() => specs.validateReply(OK_0_2_3, '0.2')).toThrow(expect.objectContaining({ code: 'PC_USAGE' }));
    expect(() => specs.validateReply(OK_0_2_3, '0.1.9')).toThrow(/predates 0\.2\.1/);
  });
});
