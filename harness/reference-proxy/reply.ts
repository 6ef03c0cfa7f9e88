// The 0.2.8 reply envelope exactly as skopeo 1.20.0 marshals it: compact JSON, keys in the order
// success, value, pipeid, error_code, error, all always present; on failure value null, pipeid 0.
import { goMarshal } from './go/marshal.js';
import type { Faults } from './faults.js';
import type { ProxyError } from './proxy-error.js';

export function encodeSuccess(value: unknown, pipeid: number, faults: Faults): Buffer {
  return encode({ success: true, value, pipeid, error_code: '', error: '' }, faults);
}

export function encodeFailure(error: ProxyError, faults: Faults): Buffer {
  return encode(
    {
      success: false,
      value: null,
      pipeid: 0,
      error_code: faults.has('error-code-empty-on-failure') ? '' : error.code,
      error: faults.has('empty-error-on-failure') ? '' : error.message,
    },
    faults,
  );
}

function encode(reply: { success: boolean; value: unknown; pipeid: number; error_code: string; error: string }, faults: Faults): Buffer {
  const { error_code, ...rest } = reply;
  const body = faults.has('error-code-missing')
    ? rest
    : { success: reply.success, value: reply.value, pipeid: reply.pipeid, error_code, error: reply.error };
  return Buffer.from(goMarshal(body));
}
