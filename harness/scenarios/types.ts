// The scenario step language: what specs/scenarios/*.json hold and what the sequence generator
// emits. A step is plain JSON, so a shrunk counterexample prints as a scenario file unchanged.
import type { CaseMetadata } from '../model/case.js';

/** The schemas a payload expectation can name (expect.ts validates by each). */
export type PayloadSchemaName = 'oci-manifest' | 'oci-config' | 'oci-index' | 'layer-info' | 'error-pipe';
import type { ReadOrder } from '../protocol/piped-read.js';

/**
 * An argument or expected value. Strings may hold `${path}` references into the case's bindings
 * (`${image.layers.1.digest}`, `${img}`, `${blob.pipeid}`); a string that is exactly one reference
 * becomes the referenced value with its JSON type. Operators (`$add`, `$repeat`, `$concat`, `$upper`,
 * `$nest`) and matchers are listed with the steps, in steps/index.ts.
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
  /** `error_code`, checked only where the version's reply envelope has it (0.2.8 on). */
  errorCode?: string;
  /** No reply at all is acceptable (EOF or silence until the exit deadline); a reply must still match. */
  optional?: true;
  /** No reply must come (EOF or silence until the exit deadline): what skopeo does after Shutdown. */
  none?: true;
  /**
   * An error reply is accepted too (with this `errorCode` where the envelope has one), and ends the
   * case as passed: the failure was surfaced. The other expectations then judge a success only.
   */
  orFail?: { errorCode?: string };
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
  /** Parsed JSON valid against a named schema: oci-manifest, oci-config, oci-index, layer-info, error-pipe. */
  schema?: PayloadSchemaName;
  empty?: boolean;
}

/** How a pipe is read relative to FinishPipe: one of the protocol's read orders, or `never` (leave it unread and unfinished). */
export type ReadHow = ReadOrder | 'never';

/** A pipelined request: sent before any reply is read. */
interface PipelinedCall {
  call: string;
  args?: Template[];
}

/**
 * Every step kind and its shape; a step is named by the one kind key it holds. The runner's table
 * (steps/index.ts) and specs/scenario.schema.json list the same kinds, and a test keeps them so.
 */
export interface StepShapes {
  call: { call: string; args?: Template[] | null; omitArgs?: true; as?: string; expect?: ReplyExpectation; note?: string };
  send: { send: RawPacket; as?: string; expect?: ReplyExpectation; note?: string };
  read: {
    read: string;
    how: ReadHow;
    bytes?: number;
    /** FinishPipe's pipe id, when it is not the reply's (e.g. `${blob.pipeid}` plus 2^32). */
    finishArgs?: Template[];
    expectPayload?: PayloadExpectation;
    expectFinish?: ReplyExpectation;
    note?: string;
  };
  /** GetRawBlob's two pipes: read data (fully, or close after `closeDataAfter` bytes) and the error pipe. */
  readRaw: {
    readRaw: string;
    closeDataAfter?: number;
    /** Close this one of the two pipes unread; the other stays as it is, for a later step. */
    closeUnread?: 'error' | 'data';
    expectPayload?: PayloadExpectation;
    expectError?: PayloadExpectation;
    note?: string;
  };
  pipeline: { pipeline: PipelinedCall[]; expect?: ReplyExpectation[]; note?: string };
  expectExit: { expectExit: { code: number }; note?: string };
  expectNoReply: { expectNoReply: { withinMs?: number }; note?: string };
  /**
   * `after`: one more request sent just before closing, its reply never read: the socket closes once
   * that reply lies in it (`queued`), or at once while the implementation still works on it (`pending`).
   */
  close: { close: 'socket' | 'write-side'; after?: { send: RawPacket; reply: 'queued' | 'pending' }; note?: string };
  fdCount: { fdCount: 'mark' | 'stable'; tolerance?: number; note?: string };
  repeat: { repeat: number; steps: Step[]; note?: string };
  /** Replaces the case's policy file (its `policy`) with this document, `${…}` resolved as at launch. */
  rewritePolicy: { rewritePolicy: unknown; note?: string };
}

export type StepKind = keyof StepShapes;

export type Step = StepShapes[StepKind];

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
