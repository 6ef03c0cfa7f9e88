// The reply envelope exactly as skopeo marshals it: compact JSON, keys in the order success, value,
// pipeid, error_code, error, all always present (error_code from 0.2.8 on); on failure value null,
// pipeid 0.
import { goMarshal } from '../go/marshal.js';
import type { Faults } from '../faults.js';
import type { ProxyError } from '../proxy-error.js';

/** A reply before marshalling (values may be bigints: image ids, layer sizes). */
export interface ReplyEnvelope {
  success: boolean;
  value: unknown;
  pipeid: number;
  error_code?: string;
  error: string;
}

/** One reply: the envelope and the bytes sent. */
export interface EncodedReply {
  envelope: ReplyEnvelope;
  raw: Buffer;
}

/** Encodes the replies of one session, with or without error_code as its protocol version has it. */
export class ReplyEncoder {
  constructor(
    private readonly faults: Faults,
    private readonly withErrorCode: boolean,
  ) {}

  success(value: unknown, pipeid: number): EncodedReply {
    return this.encode(true, value, pipeid, '', '');
  }

  failure(error: ProxyError): EncodedReply {
    return this.encode(
      false,
      null,
      0,
      this.faults.has('error-code-empty-on-failure') ? '' : this.faults.has('registry-retryable-as-other') && error.code === 'retryable' ? 'other' : error.code,
      this.faults.has('empty-error-on-failure') ? '' : error.message,
    );
  }

  private encode(success: boolean, value: unknown, pipeid: number, errorCode: string, error: string): EncodedReply {
    const envelope: ReplyEnvelope =
      this.withErrorCode && !this.faults.has('error-code-missing') ? { success, value, pipeid, error_code: errorCode, error } : { success, value, pipeid, error };
    return { envelope, raw: Buffer.from(goMarshal(envelope)) };
  }
}
