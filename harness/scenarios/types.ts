// The scenario step language: what specs/scenarios/*.json hold and what the sequence generator
// emits. A step is plain JSON, so a shrunk counterexample prints as a scenario file unchanged.
import type { CaseMetadata } from '../model/case.js';

/**
 * An argument or expected value. Strings may hold `${path}` references into the case's bindings
 * (`${image.layers.1.digest}`, `${img}`, `${blob.pipeid}`); a string that is exactly one reference
 * becomes the referenced value with its JSON type. `{"$add": [a, b]}` adds numbers;
 * `{"$repeat": [text, count]}` builds a long string.
 */
export type Template = unknown;

/** What a reply must look like. Omitted fields are not checked; `success` defaults to true. */
export interface ReplyExpectation {
  /** `"any"` accepts a success or an error reply (a reply must still arrive and keep every invariant). */
  success?: boolean | 'any';
  /** Deep-equal to this (after templates), or a matcher object: `{"$positive": true}`, `{"$notIn": [...]}`. */
  value?: Template;
  /** The reply's pipe id, deep-equal or a matcher (e.g. `{"$notIn": ["${m.pipeid}"]}`). */
  pipeid?: Template;
  /** Number of fds the reply carries. */
  fds?: number;
  /** `error_code`, checked only where the protocol has it (0.2.8+). */
  errorCode?: string;
  /** No reply at all is acceptable (EOF or silence until the exit deadline); a reply must still match. */
  optional?: true;
  /** No reply must come (EOF or silence until the exit deadline): what skopeo does after Shutdown. */
  none?: true;
}

/** What a payload read from a pipe must be. */
export interface PayloadExpectation {
  /** Byte-equal to a binding holding a Buffer (e.g. `${image.manifest.bytes}`). */
  bytes?: Template;
  sha256?: Template;
  size?: Template;
  /** JSON-equal to this value. */
  json?: Template;
  /** Parsed JSON holds at least these members with these values. */
  jsonSubset?: Template;
  /** Parsed JSON valid against a named schema: oci-manifest, oci-config, layer-info, error-pipe. */
  schema?: 'oci-manifest' | 'oci-config' | 'oci-index' | 'layer-info' | 'error-pipe';
  empty?: boolean;
}

/**
 * How a pipe is read relative to FinishPipe:
 * - `concurrent`: read to EOF while FinishPipe is in flight (the correct client order)
 * - `to-eof-first`: read to EOF, then FinishPipe (needs the write end closed before FinishPipe)
 * - `finish-first`: FinishPipe and wait for its reply, then read
 * - `close-unread`: close the read end, then FinishPipe
 * - `partial`: read `bytes` bytes, close, then FinishPipe
 * - `no-finish`: read to EOF and never FinishPipe
 * - `never`: leave the pipe unread and unfinished
 */
export type ReadHow = 'concurrent' | 'to-eof-first' | 'finish-first' | 'close-unread' | 'partial' | 'no-finish' | 'never';

export type Step =
  | { call: string; args?: Template[] | null; omitArgs?: true; as?: string; expect?: ReplyExpectation; note?: string }
  | { send: RawPacket; as?: string; expect?: ReplyExpectation; note?: string }
  | {
      read: string;
      how: ReadHow;
      bytes?: number;
      /** FinishPipe's pipe id, when it is not the reply's (e.g. `${blob.pipeid}` plus 2^32). */
      finishArgs?: Template[];
      expectPayload?: PayloadExpectation;
      expectFinish?: ReplyExpectation;
      note?: string;
    }
  /** GetRawBlob's two pipes: read data (fully, or close after `closeDataAfter` bytes) and the error pipe. */
  | { readRaw: string; closeDataAfter?: number; expectPayload?: PayloadExpectation; expectError?: PayloadExpectation; note?: string }
  | { pipeline: Array<{ call: string; args?: Template[] }>; expect?: ReplyExpectation[]; note?: string }
  | { expectExit: { code: number }; note?: string }
  | { expectNoReply: { withinMs?: number }; note?: string }
  | { close: 'socket' | 'write-side'; note?: string }
  | { fdCount: 'mark' | 'stable'; tolerance?: number; note?: string }
  | { repeat: number; steps: Step[]; note?: string };

/** One packet as sent on the wire. */
export interface RawPacket {
  json?: Template;
  text?: Template;
  hex?: string;
  /** Pad `text`/`json` with this many trailing spaces. */
  padSpaces?: number;
  /** Attach this many fresh pipe read ends (SCM_RIGHTS). */
  attachFds?: number;
}

/** A case as a scenario file holds it: the shared metadata plus its steps. */
export interface ScenarioCase extends CaseMetadata {
  /** Call Initialize first (default true). */
  initialize?: boolean;
  steps: Step[];
}

export interface ScenarioFile {
  $schema?: string;
  description?: string;
  cases: ScenarioCase[];
}
