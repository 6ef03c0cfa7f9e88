// Deliberate deviations from skopeo 1.20.0, switched on with --fault NAME (repeatable). Each is one
// misbehaviour a conformance check should catch; the table is the single list of them. The code
// that misbehaves asks `faults.has(NAME)` at the one place the deviation happens.

export interface FaultSpec {
  name: string;
  /** What the proxy does instead. */
  description: string;
  /** The protocol behaviour this breaks. */
  breaks: string;
}

export const FAULTS = [
  // The reply envelope
  { name: 'error-code-missing', description: 'replies leave out the error_code key', breaks: 'every 0.2.8 reply has success, value, pipeid, error_code and error' },
  { name: 'error-code-empty-on-failure', description: 'failed replies carry error_code ""', breaks: 'a failure names its kind: other, EPIPE or retryable' },
  { name: 'empty-error-on-failure', description: 'failed replies carry success:false with error ""', breaks: 'a failure carries a non-empty error' },
  { name: 'double-reply', description: 'every reply is sent twice (fds only with the first)', breaks: 'one reply per request' },
  { name: 'reply-to-shutdown', description: 'Shutdown is answered with a success reply before exiting', breaks: 'Shutdown gets no reply' },
  // Process lifetime
  { name: 'shutdown-exit-1', description: 'exits 1 after Shutdown', breaks: 'Shutdown ends the process with exit 0' },
  { name: 'eof-exit-1', description: 'exits 1 when the client closes the socket', breaks: 'EOF ends the process with exit 0' },
  { name: 'crash-on-unknown-method', description: 'an unknown method crashes the proxy (stderr line, exit 2, no reply)', breaks: 'an unknown method gets "unknown method: NAME"' },
  { name: 'hang-on-oversized-request', description: 'a request over 32 KiB makes the proxy stop reading and answering', breaks: 'oversized requests are truncated and answered' },
  { name: 'fd-leak-per-request', description: 'every request leaks one open fd', breaks: 'the fd count stays flat over many requests' },
  {
    name: 'not-a-socket-exit-0',
    description: 'a --sockfd that names no socket ends the process at once with exit 0, as if the client had gone',
    breaks: 'a --sockfd that is no socket is a fatal error (exit 1: "file file+net sock: getsockopt: socket operation on non-socket")',
  },
  {
    name: 'read-error-exit-0',
    description: 'a socket read that fails (ECONNRESET: the client closed with a reply unread) ends the session as EOF does, exit 0',
    breaks: 'a failed socket read is fatal (exit 1: "reading socket: … connection reset by peer")',
  },
  {
    name: 'send-error-exit-0',
    description: 'a reply that cannot be sent (the client closed its socket) ends the session as EOF does, exit 0',
    breaks: 'a reply that cannot be sent is fatal (exit 1: "writing to socket: … broken pipe")',
  },
  // Initialize and versioning
  { name: 'version-not-semver', description: 'Initialize returns "0.2"', breaks: 'Initialize returns a semver protocol version' },
  { name: 'no-get-raw-blob', description: 'claims 0.2.8 but answers GetRawBlob with "unknown method"', breaks: 'a 0.2.8 proxy implements GetRawBlob' },
  {
    name: 'image-options-unchecked',
    description: 'conflicting image options (--creds with --no-creds, --username without --password) are not checked: Initialize succeeds',
    breaks: 'Initialize fails when the proxy cannot apply its image options (skopeo: "creds and no-creds cannot be specified at the same time")',
  },
  { name: 'second-initialize-succeeds', description: 'a second Initialize succeeds', breaks: 'Initialize works once ("already initialized")' },
  { name: 'no-initialize-check', description: 'image methods work before Initialize', breaks: 'methods before Initialize fail with "must invoke Initialize"' },
  // Images
  { name: 'image-id-zero', description: 'image ids start at 0, so the first OpenImage succeeds with 0', breaks: 'image ids are never 0 on success' },
  { name: 'reused-image-ids', description: 'a closed image\'s id is handed out again', breaks: 'image ids are never reused' },
  { name: 'close-image-keeps-image', description: 'CloseImage succeeds but the image stays usable', breaks: 'a closed image id is unknown ("no image N")' },
  {
    name: 'image-slots-never-freed',
    description: 'CloseImage frees no slot: a session opens 16 images in its life, then every OpenImage fails',
    breaks: 'a session opens as many images as a client asks for (a long-lived session opens many over time)',
  },
  {
    name: 'open-reads-manifest',
    description: 'OpenImage reads the image\'s manifest, so a layout whose manifest blob is missing fails to open',
    breaks: 'OpenImage of an oci: layout reads only its index; a missing manifest blob fails at GetManifest',
  },
  { name: 'optional-missing-is-error', description: 'OpenImageOptional on a missing tag fails instead of returning 0', breaks: 'OpenImageOptional returns 0 for an image that does not exist' },
  // The signature policy (0.2.6+)
  { name: 'policy-ignored', description: 'OpenImage and OpenImageOptional never read the signature policy', breaks: 'an image the policy rejects fails to open' },
  { name: 'policy-system-default', description: 'the default policy location is read instead of the --policy file given', breaks: 'the proxy enforces the policy it was given' },
  { name: 'policy-not-on-optional', description: 'OpenImageOptional skips the policy check (OpenImage still makes it)', breaks: 'a rejected image is an error from OpenImageOptional too, not an id' },
  { name: 'policy-read-once', description: 'the policy is read at the first open and kept for the session', breaks: 'the policy is read on every open, so a change takes effect at once' },
  // Manifests, configs, layer info
  { name: 'wrong-manifest-byte', description: 'one byte in the middle of the piped manifest is changed', breaks: 'GetManifest pipes the manifest byte for byte' },
  { name: 'wrong-manifest-digest', description: 'GetManifest replies a digest with its last hex digit changed', breaks: 'GetManifest value is the manifest digest' },
  { name: 'index-not-resolved', description: 'GetManifest on an index pipes the index itself, with its digest', breaks: 'indexes and manifest lists are resolved to the host platform' },
  { name: 'manifest-value-is-index-digest', description: 'GetManifest on an index replies the index digest (the payload is still the instance)', breaks: 'the value is the chosen instance\'s digest, as skopeo replies' },
  { name: 'schema2-not-converted', description: 'a Docker schema2 manifest is piped as stored', breaks: 'GetManifest pipes Docker schema2 converted to OCI' },
  { name: 'get-config-full', description: 'GetConfig pipes the whole config instead of its config member', breaks: 'GetConfig (deprecated) returns only the runtime config' },
  { name: 'manifest-layer-size-wrong', description: 'GetManifest pipes a manifest whose first layer size is one too large, with that manifest\'s own digest', breaks: 'the manifest describes the blobs the proxy serves' },
  { name: 'wrong-layer-info-size', description: 'GetLayerInfo and GetLayerInfoPiped report every size one too large', breaks: 'layer info matches the manifest' },
  { name: 'schema1-served', description: 'GetManifest pipes a Docker schema1 manifest as stored', breaks: 'GetManifest refuses Docker schema1 ("unsupported legacy manifest MIME type")' },
  {
    name: 'no-platform-uses-first',
    description: 'an index or manifest list with no instance for this platform resolves to its first instance',
    breaks: 'an index with no instance for this platform fails every method that reads the image ("no image found in image index for …")',
  },
  {
    name: 'missing-config-empty',
    description: 'a config blob that cannot be read is taken as the empty config {}',
    breaks: 'a missing config blob fails GetConfig, GetFullConfig and the schema2-to-OCI conversion of GetManifest',
  },
  {
    name: 'index-manifests-type-unchecked',
    description: 'an index whose "manifests" member is not a list crashes the proxy (a TypeError, as unchecked JSON gives JavaScript)',
    breaks: 'an index that does not parse fails the methods that read the image, with an error reply',
  },
  {
    name: 'unknown-manifest-type-served',
    description: 'GetManifest pipes a manifest whose media type it does not know as stored',
    breaks: 'GetManifest refuses a type neither OCI, Docker schema2 nor schema1 ("unsupported manifest MIME type")',
  },
  {
    name: 'jws-not-stripped',
    description: 'GetManifest digests a body that looks like signed Docker schema1 as stored, without parsing its JWS signatures',
    breaks: 'the digest of a signed schema1 body is that of its signed payload; a signature that does not parse fails GetManifest',
  },
  { name: 'layer-info-oci-media-types', description: 'layer info of a converted image reports the OCI media types', breaks: 'layer info keeps the source (Docker) media types, as skopeo does' },
  // GetBlob
  { name: 'truncated-blob', description: 'GetBlob streams one byte less and FinishPipe still succeeds', breaks: 'GetBlob streams the whole blob' },
  { name: 'extra-blob-byte', description: 'GetBlob streams one extra byte after the blob and FinishPipe still succeeds', breaks: 'GetBlob streams exactly the blob' },
  { name: 'blob-size-ignored', description: 'FinishPipe does not compare the size argument with the bytes streamed', breaks: 'a wrong GetBlob size fails at FinishPipe ("expected N bytes in blob, got M")' },
  { name: 'finish-pipe-ignores-digest', description: 'FinishPipe succeeds although the streamed blob does not match its digest', breaks: 'a corrupted blob fails at FinishPipe ("corrupted blob, expecting …")' },
  { name: 'get-blob-checks-size-early', description: 'GetBlob with a wrong size fails at once instead of at FinishPipe', breaks: 'size errors surface at FinishPipe, after the data' },
  { name: 'get-blob-value-unknown', description: 'GetBlob replies -1 (size unknown) instead of the blob size', breaks: 'GetBlob value is the blob size' },
  { name: 'stall-mid-blob', description: 'GetBlob writes 32 KiB of a larger blob, then stops for good (FinishPipe never returns)', breaks: 'a GetBlob payload is written to the end (the shape of skopeo issue #2878)' },
  { name: 'blob-retryable-once', description: 'the first GetBlob or GetRawBlob fails with error_code retryable; the next succeeds', breaks: 'a blob request succeeds (a client must retry or fail clearly)' },
  { name: 'crash-mid-session', description: 'the first GetBlob or GetRawBlob crashes the proxy (stderr line, exit 2, no reply)', breaks: 'the proxy answers every request' },
  { name: 'no-reply-to-blob', description: 'the first GetBlob or GetRawBlob is never answered; the proxy stops reading', breaks: 'every request gets a reply' },
  // GetRawBlob
  { name: 'raw-blob-without-error-fd', description: 'GetRawBlob sends only the data fd', breaks: 'GetRawBlob sends two fds, [data, error]' },
  { name: 'raw-blob-error-not-json', description: 'the GetRawBlob error pipe carries plain text, not a JSON object', breaks: 'the error pipe carries {"code","message"}' },
  { name: 'raw-blob-pipeid', description: 'GetRawBlob replies a non-zero pipeid', breaks: 'GetRawBlob replies pipeid 0 (there is nothing to finish)' },
  { name: 'raw-blob-error-after-data', description: 'GetRawBlob writes the whole blob, then reports a read error on the error pipe', breaks: 'an error pipe that reports nothing means the data is whole' },
  {
    name: 'raw-blob-error-write-crashes',
    description: 'an error GetRawBlob cannot write to its error pipe (EPIPE: the client closed it) is not caught: the proxy crashes (exit 2)',
    breaks: 'a client that closes both GetRawBlob pipes early leaves the proxy serving (skopeo only logs the failed write)',
  },
  { name: 'raw-blob-verifies', description: 'GetRawBlob reports a digest mismatch on the error pipe', breaks: 'GetRawBlob does not verify' },
  // Pipes and FinishPipe
  { name: 'pipeid-without-fd', description: 'piped replies carry a pipeid but no fd', breaks: 'a piped reply carries one fd' },
  { name: 'fd-without-pipeid', description: 'piped replies carry the fd but pipeid 0', breaks: 'a piped reply carries a non-zero pipeid' },
  { name: 'two-fds-on-get-blob', description: 'GetBlob replies carry a second, extra pipe read end', breaks: 'a piped reply carries exactly one fd' },
  { name: 'epipe-reported-as-other', description: 'FinishPipe after the client closed the pipe early reports error_code "other"', breaks: 'a broken pipe is reported as EPIPE' },
  { name: 'write-end-closed-early', description: 'the write end is closed as soon as the payload is written (EOF before FinishPipe)', breaks: 'a payload pipe reaches EOF only after FinishPipe' },
  { name: 'write-end-never-closed', description: 'FinishPipe succeeds but never closes the write end', breaks: 'a payload pipe reaches EOF after FinishPipe' },
  { name: 'finish-pipe-does-not-wait', description: 'FinishPipe replies at once, without waiting for the writer or reporting its error', breaks: 'FinishPipe waits for the writer and reports its error' },
  { name: 'finish-pipe-epipe', description: 'FinishPipe replies error_code EPIPE ("broken pipe") after the client read the whole payload', breaks: 'FinishPipe succeeds for a payload read to EOF' },
  { name: 'finish-pipe-unknown-succeeds', description: 'FinishPipe of an unknown pipe id succeeds', breaks: 'an unknown pipe id fails ("no active pipe N")' },
  { name: 'finish-pipe-no-args-replies', description: 'FinishPipe without arguments gets an error reply instead of the crash', breaks: 'skopeo 1.20.0 panics (exit 2, no reply)' },
  // The registry path (docker://)
  { name: 'registry-retryable-as-other', description: 'failures that are retryable (502/503/504, resets, timeouts) are reported with error_code other', breaks: 'network failures carry error_code retryable (0.2.8)' },
  {
    name: 'registry-blob-unknown-final',
    description: 'a registry error body whose code is BLOB_UNKNOWN is reported with error_code other, as the SHOULD case asks',
    breaks: 'skopeo (1.22.0 observed) reports BLOB_UNKNOWN as retryable (containers/common retries every registry code but UNAUTHORIZED, DENIED, NAME_UNKNOWN and MANIFEST_UNKNOWN)',
  },
  { name: 'registry-500-retryable', description: 'an HTTP 500 from the registry is reported as retryable', breaks: 'a server error is error_code other' },
  { name: 'registry-error-as-success', description: 'a registry body that breaks off (reset, early end) ends the blob as if complete: FinishPipe succeeds', breaks: 'an upstream failure is an error, never a success with missing bytes' },
  { name: 'registry-no-resume', description: 'a blob body broken after more than 1 MiB is not resumed with a Range request', breaks: 'a reset after 1 MiB is resumed to the exact bytes (containers/image bodyReader)' },
  { name: 'registry-reconnect-unbounded', description: 'a broken blob body is reconnected after every break, with or without progress', breaks: 'an upstream that breaks every reconnection ends in an error after one reconnection without progress (containers/image bodyReader)' },
  { name: 'registry-no-digest-check', description: 'blobs read from a registry are not verified against their digest', breaks: 'a corrupted blob fails at FinishPipe over HTTP too' },
  { name: 'registry-no-idle-timeout', description: 'no timeout on a silent registry, before or after the headers: a stalled upstream hangs the proxy', breaks: 'a stalled upstream does not hang the proxy (skopeo #2878)' },
  { name: 'registry-unknown-size-zero', description: 'GetBlob replies 0 for a blob sent without Content-Length', breaks: "GetBlob's value is the size, or -1 when unknown" },
  {
    name: 'registry-manifest-typed-by-content',
    description: 'a manifest the registry labels with no manifest type (text/plain) is typed by its content, as the SHOULD case asks',
    breaks: "skopeo (1.9.3, 1.18.0 and 1.22.0 observed) takes the registry's Content-Type as the type, which containers/image's NormalizedMIMEType reads as Docker schema1: GetManifest fails with \"unsupported schema version 2\"",
  },
  // Request decoding
  { name: 'case-sensitive-keys', description: 'request keys must be spelled exactly "method" and "args"', breaks: 'Go matches keys case-insensitively (METHOD, ARGS)' },
  { name: 'zero-length-packet-replies', description: 'a zero-length packet gets an error reply instead of ending the session', breaks: 'a zero-length packet is EOF (exit 0, no reply)' },
  { name: 'oversized-request-rejected', description: 'a request over 32 KiB gets an error instead of being truncated', breaks: 'oversized requests are silently truncated to 32 KiB' },
  { name: 'fractional-numbers-rejected', description: 'a non-integral number as an id or size is refused', breaks: 'numbers are float64 values truncated to integers (1.5 → 1)' },
] as const satisfies readonly FaultSpec[];

export type FaultName = (typeof FAULTS)[number]['name'];

export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((f) => f.name);

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

/** The faults switched on for one proxy. */
export class Faults {
  private readonly on: ReadonlySet<FaultName>;
  constructor(names: Iterable<FaultName> = []) {
    this.on = new Set(names);
  }
  has(name: FaultName): boolean {
    return this.on.has(name);
  }
  get size(): number {
    return this.on.size;
  }
}
