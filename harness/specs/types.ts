// Types of the data files in specs/; the JSON files are the source of truth and these mirror their schemas.

/** How a method's result reaches the client. */
export type ReturnKind =
  /** The value in the reply, no fds. */
  | 'inline'
  /** One pipe fd and a non-zero pipeid; the client must call FinishPipe. */
  | 'pipe'
  /** Two fds (data, error) with pipeid 0 and no FinishPipe (GetRawBlob). */
  | 'pipe-pair'
  /** No reply at all (Shutdown: the process exits 0). */
  | 'none';

/** What a method's payload pipe carries. */
export type PayloadContent = 'manifest' | 'config' | 'runtime-config' | 'layer-info' | 'blob';

/** One positional argument of a method. */
export interface MethodArgument {
  name: string;
  /** JSON type of the argument. */
  type: 'string' | 'integer';
  /** The manual's integer width, for integer arguments. */
  format?: 'uint32' | 'uint64';
  description?: string;
}

/** One row of the method table (`specs/methods.json`). */
export interface MethodSpec {
  name: string;
  args: MethodArgument[];
  returns: ReturnKind;
  /** Schema of the reply's `value`, relative to `specs/`. */
  value: string;
  /** What the pipe carries, for `pipe` and `pipe-pair` methods; `schema` is absent for raw bytes. */
  payload?: { content: PayloadContent; schema?: string };
  /** Protocol version (semver) that introduced the method. */
  since: string;
  deprecated: boolean;
  /** The method to use instead, for deprecated methods. */
  replacedBy?: string;
  notes: string;
}

/** One protocol version and the reply envelope it uses. */
export interface ProtocolVersionSpec {
  version: string;
  /** Schema of the reply envelope, relative to `specs/`. */
  reply: string;
  changes: string;
}

/** A range of skopeo releases and the protocol version they speak. */
export interface SkopeoReleaseRange {
  /** A semver range, e.g. `>=1.6.0 <1.11.0`. */
  releases: string;
  protocol: string;
  /** Releases in the range whose behaviour was recorded first-hand. */
  observed: string[];
}

/** `specs/versions.json`. */
export interface VersionHistory {
  /** Oldest first. */
  protocol: ProtocolVersionSpec[];
  /** The first version whose OpenImage and OpenImageOptional enforce the signature policy. */
  policySince: string;
  /** How an implementation answers a method newer than its version. */
  newerMethod: string;
  skopeo: SkopeoReleaseRange[];
}

/** A known difference between the manual and real skopeo (`specs/deviations.json`). */
export interface Deviation {
  /** Stable id a case cites and a baseline carries. */
  id: string;
  /** `contradicts`: the manual rules it out; `unspecified`: the manual is silent. */
  kind: 'contradicts' | 'unspecified';
  /** Affected methods; empty for framing and process behaviour. */
  methods: string[];
  /** What the manual promises. */
  manual: string;
  /** What skopeo does. */
  observed: string;
  /** skopeo releases in which it was observed. */
  skopeo: string[];
  reason: string;
  /** Regular expressions on a fuzz finding's signature that reproduce this deviation. */
  fuzzSignatures?: string[];
}

/** The outcome of validating a JSON value against a schema. */
export type Validation = { ok: true } | { ok: false; errors: string[] };

/** One image transport (`specs/transports.json`); `TRANSPORT_NAMES` in images/types.ts mirrors the names, and a test keeps them equal. */
export interface TransportSpec {
  name: string;
  /** The reference syntax after the prefix, e.g. `oci:PATH[:TAG]`. */
  reference: string;
  /** Where the image lives: a local path, or a registry reached over HTTP. */
  location: 'path' | 'registry';
  description: string;
}
