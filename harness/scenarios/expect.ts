// Judging a reply or a payload against a step's expectation. Returns why not, or null.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Reply } from '../protocol/client.js';
import type { Specs } from '../specs/index.js';
import type { PipeReadResult } from '../transport/pipe-reader.js';
import { matchValue, resolveTemplate, show, type Bindings } from './templates.js';
import type { PayloadExpectation, PayloadSchemaName, ReplyExpectation } from './types.js';
import { excerpt } from '../printable.js';

export function judgeReply(method: string, reply: Reply, fds: number, exp: ReplyExpectation, version: string, specs: Specs, bindings: Bindings): string | null {
  const wantSuccess = exp.success ?? true;
  if (wantSuccess === true && !reply.success) return `${method} failed: ${excerpt(reply.error)}`;
  if (wantSuccess === false && reply.success) return `${method} succeeded (value ${show(reply.value)}), expected an error reply`;
  if (exp.value !== undefined) {
    const why = matchValue(reply.value, exp.value, bindings);
    if (why !== null) return `${method} value: ${why}`;
  }
  if (exp.pipeid !== undefined) {
    const why = matchValue(reply.pipeid, exp.pipeid, bindings);
    if (why !== null) return `${method} pipeid: ${why}`;
  }
  if (exp.fds !== undefined && fds !== exp.fds) return `${method} replied with ${fds} fds, expected ${exp.fds}`;
  if (exp.errorCode !== undefined && specs.replyHasErrorCode(version) && reply.error_code !== exp.errorCode) {
    return `${method} error_code is ${show(reply.error_code)}, expected ${show(exp.errorCode)}`;
  }
  return null;
}

/** The schemas a payload expectation can name, and how each validates. */
export const PAYLOAD_SCHEMAS = {
  'oci-manifest': (s: Specs, j: unknown) => s.validateOciManifest(j),
  'oci-config': (s: Specs, j: unknown) => s.validateOciConfig(j),
  'oci-index': (s: Specs, j: unknown) => s.validateOciIndex(j),
  'layer-info': (s: Specs, j: unknown) => s.validatePayload('GetLayerInfoPiped', j),
  'error-pipe': (s: Specs, j: unknown) => s.validateErrorPipeObject(j),
} as const satisfies Record<PayloadSchemaName, (s: Specs, j: unknown) => unknown>;

/**
 * `what` names the payload in messages, e.g. "the GetManifest payload". A payload read for an
 * expectation that needsBytes carries its bytes unless it had more than `keptBytes` of them.
 */
export function judgePayload(what: string, payload: PipeReadResult, exp: PayloadExpectation, specs: Specs, bindings: Bindings, keptBytes: number): string | null {
  if (exp.empty === true && payload.bytes !== 0) return `${what} carried ${payload.bytes} bytes, expected none`;
  if (exp.size !== undefined) {
    const size = resolveTemplate(exp.size, bindings);
    if (payload.bytes !== size) return `${what} carried ${payload.bytes} bytes, expected ${show(size)}`;
  }
  if (exp.sha256 !== undefined) {
    const digest = resolveTemplate(exp.sha256, bindings);
    if (payload.sha256 !== digest) return `${what} has digest ${payload.sha256}, expected ${show(digest)}`;
  }
  const data = payload.data;
  if (exp.bytes !== undefined) {
    const want = resolveTemplate(exp.bytes, bindings);
    const wantBuf = Buffer.isBuffer(want) ? want : Buffer.from(String(want));
    if (data === undefined) {
      // Too long to keep: its length and digest still tell whether it is the golden bytes.
      if (payload.bytes !== wantBuf.length) return `${what} differs from the golden bytes in length (${payload.bytes} bytes, expected ${wantBuf.length})`;
      const wantDigest = `sha256:${createHash('sha256').update(wantBuf).digest('hex')}`;
      if (payload.sha256 !== wantDigest) return `${what} differs from the golden bytes: digest ${payload.sha256}, expected ${wantDigest}`;
    } else if (!data.equals(wantBuf)) return `${what} differs from the golden bytes ${firstDifference(data, wantBuf)}`;
  }
  if (exp.json !== undefined || exp.jsonSubset !== undefined || exp.schema !== undefined) {
    if (data === undefined) return `${what} is too large to judge as JSON: ${payload.bytes} bytes, more than the ${keptBytes} a check keeps of a payload`;
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch (error) {
      return `${what} is not JSON: ${(error as Error).message}`;
    }
    if (exp.json !== undefined) {
      const want = resolveTemplate(exp.json, bindings);
      if (!isDeepStrictEqual(json, want)) return `${what} is not JSON-equal to the golden value: got ${show(json)}`;
    }
    if (exp.jsonSubset !== undefined) {
      const why = matchValue(json, { $subset: exp.jsonSubset }, bindings);
      if (why !== null) return `${what}: ${why}`;
    }
    if (exp.schema !== undefined) {
      const result = PAYLOAD_SCHEMAS[exp.schema](specs, json);
      if (!result.ok) return `${what} is not a valid ${exp.schema}: ${result.errors.join('; ')}`;
    }
  }
  return null;
}

/** Payload expectations that need the bytes kept in memory (golden and JSON comparisons). */
export function needsBytes(exp: PayloadExpectation | undefined): boolean {
  return exp !== undefined && (exp.bytes !== undefined || exp.json !== undefined || exp.jsonSubset !== undefined || exp.schema !== undefined);
}

function firstDifference(got: Buffer, want: Buffer): string {
  const n = Math.min(got.length, want.length);
  for (let i = 0; i < n; i++) if (got[i] !== want[i]) return `at offset ${i}`;
  return `in length (${got.length} bytes, expected ${want.length})`;
}
