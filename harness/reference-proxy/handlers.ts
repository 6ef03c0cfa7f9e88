// The methods of protocol 0.2.8 as skopeo 1.20.0 implements them: the same checks in the same
// order (Initialize first, then the argument count, then each argument), the same error texts, and
// the same payload handling: a one-fd pipe whose write end closes only at FinishPipe, which waits
// for the writer and reports its error; GetRawBlob's two pipes, unverified, closed by the writer.
import { closeSync, openSync } from 'node:fs';
import * as native from '../native.js';
import { goMarshal } from './go/marshal.js';
import { makeVerifier, parseDigest, sha256Of } from './digest.js';
import type { Faults } from './faults.js';
import { OpenImage, type ResolvedImage } from './image.js';
import { configMember, convertSchema2ToOci, isMultiImage, MIME } from './manifest.js';
import { makePipe, startWriter, streamFile, WriterStopped, type ActivePipe, type PipeOut } from './pipe-writer.js';
import type { Platform } from './platform.js';
import { ProxyError } from './proxy-error.js';
import { goTypeName, parseUint64, type GoAny } from './request.js';
import { parseImageName } from './transports/parse-image-name.js';
import { ImageNotFoundError } from './transports/source.js';

export const PROTOCOL_VERSION = '0.2.8';

/** What a method answers: a value, and for piped methods the read ends to pass and the pipe id. */
export interface MethodResult {
  value: unknown;
  fds: number[];
  pipeid: number;
}

/** How handling a request ends. */
export type Outcome =
  | { kind: 'reply'; result: MethodResult }
  | { kind: 'error'; error: ProxyError }
  /** Shutdown: exit with this code, with or without (the real behaviour) a reply first. */
  | { kind: 'terminate'; exitCode: number; reply: boolean }
  /** A crash: the stderr text and exit code, no reply. */
  | { kind: 'crash'; exitCode: number; stderr: string };

const BLOB_STALL_BYTES = 32 * 1024;

function inline(value: unknown): MethodResult {
  return { value, fds: [], pipeid: 0 };
}

/** Everything one proxy session holds: the Initialize flag, open images, active pipes. */
export class ProxySession {
  private initialized = false;
  private nextImageId: bigint;
  private readonly images = new Map<bigint, OpenImage>();
  /** FinishPipe's table, by pipe id (the write end's fd number, as in skopeo). */
  private readonly pipes = new Map<number, ActivePipe>();
  /** GetRawBlob transfers still writing, and FinishPipe'd pipes left open by a fault. */
  private readonly loosePipes = new Set<PipeOut>();
  private readonly leakedFds: number[] = [];

  constructor(
    readonly faults: Faults,
    readonly platforms: Platform[],
  ) {
    this.nextImageId = faults.has('image-id-zero') ? 0n : 1n;
  }

  async handle(method: string, args: GoAny[] | null): Promise<Outcome> {
    const list = args ?? [];
    if (this.faults.has('fd-leak-per-request')) this.leakedFds.push(openSync('/dev/null', 'r'));
    try {
      switch (method) {
        case 'Initialize':
          return { kind: 'reply', result: this.initialize(list) };
        case 'OpenImage':
          return { kind: 'reply', result: await this.openImage(list, false) };
        case 'OpenImageOptional':
          return { kind: 'reply', result: await this.openImage(list, true) };
        case 'CloseImage':
          return { kind: 'reply', result: await this.closeImage(list) };
        case 'GetManifest':
          return { kind: 'reply', result: await this.getManifest(list) };
        case 'GetConfig':
          return { kind: 'reply', result: await this.getConfig(list, false) };
        case 'GetFullConfig':
          return { kind: 'reply', result: await this.getConfig(list, true) };
        case 'GetBlob':
          return { kind: 'reply', result: await this.getBlob(list) };
        case 'GetRawBlob':
          if (this.faults.has('no-get-raw-blob')) return this.unknownMethod(method);
          return { kind: 'reply', result: await this.getRawBlob(list) };
        case 'GetLayerInfo':
          return { kind: 'reply', result: await this.getLayerInfo(list, false) };
        case 'GetLayerInfoPiped':
          return { kind: 'reply', result: await this.getLayerInfo(list, true) };
        case 'FinishPipe':
          if (list.length === 0 && !this.faults.has('finish-pipe-no-args-replies')) {
            // skopeo indexes args[0] unchecked: a Go panic, exit 2, no reply (before Initialize too).
            return { kind: 'crash', exitCode: 2, stderr: 'panic: runtime error: index out of range [0] with length 0\n\ngoroutine 1 [running]:\nmain.(*proxyHandler).FinishPipe(...)\n' };
          }
          return { kind: 'reply', result: await this.finishPipe(list) };
        case 'Shutdown':
          return { kind: 'terminate', exitCode: this.faults.has('shutdown-exit-1') ? 1 : 0, reply: this.faults.has('reply-to-shutdown') };
        default:
          return this.unknownMethod(method);
      }
    } catch (error) {
      if (error instanceof ProxyError) return { kind: 'error', error };
      throw error;
    }
  }

  private unknownMethod(method: string): Outcome {
    if (this.faults.has('crash-on-unknown-method')) {
      return { kind: 'crash', exitCode: 2, stderr: `reference-proxy: crashing on unknown method ${JSON.stringify(method)} (fault crash-on-unknown-method)\n` };
    }
    return { kind: 'error', error: new ProxyError(`unknown method: ${method}`) };
  }

  private requireInitialized(): void {
    if (!this.initialized && !this.faults.has('no-initialize-check')) throw new ProxyError('client error: must invoke Initialize');
  }

  private number(v: GoAny | undefined): bigint {
    return parseUint64(v, { rejectFractions: this.faults.has('fractional-numbers-rejected') });
  }

  private image(v: GoAny | undefined): OpenImage {
    const id = this.number(v);
    if (id === 0n && !this.faults.has('image-id-zero')) throw new ProxyError('Invalid imageid value of zero');
    const image = this.images.get(id);
    if (!image) throw new ProxyError(`no image ${id}`);
    return image;
  }

  private initialize(args: GoAny[]): MethodResult {
    if (args.length !== 0) throw new ProxyError('invalid request, expecting zero arguments');
    if (this.initialized && !this.faults.has('second-initialize-succeeds')) throw new ProxyError('already initialized');
    this.initialized = true;
    return inline(this.faults.has('version-not-semver') ? '0.2' : PROTOCOL_VERSION);
  }

  private async openImage(args: GoAny[], optional: boolean): Promise<MethodResult> {
    this.requireInitialized();
    if (args.length !== 1) throw new ProxyError('invalid request, expecting one argument');
    const name = args[0];
    if (typeof name !== 'string') throw new ProxyError(`expecting string imageref, not ${goTypeName(name)}`);
    const reference = await parseImageName(name);
    let source;
    try {
      source = await reference.newImageSource();
    } catch (error) {
      if (optional && error instanceof ImageNotFoundError && !this.faults.has('optional-missing-is-error')) return inline(0);
      throw error;
    }
    const id = this.allocateImageId();
    this.images.set(id, new OpenImage(id, source));
    return inline(id);
  }

  private allocateImageId(): bigint {
    if (this.faults.has('reused-image-ids')) {
      let id = this.faults.has('image-id-zero') ? 0n : 1n;
      while (this.images.has(id)) id++;
      return id;
    }
    return this.nextImageId++;
  }

  private async closeImage(args: GoAny[]): Promise<MethodResult> {
    this.requireInitialized();
    if (args.length !== 1) throw new ProxyError('invalid request, expecting one argument');
    const image = this.image(args[0]);
    if (!this.faults.has('close-image-keeps-image')) {
      this.images.delete(image.id);
      await image.source.close();
    }
    return inline(null);
  }

  /** returnBytes: a goroutine writes the bytes; the write end waits for FinishPipe. */
  private returnBytes(value: unknown, bytes: Buffer): MethodResult {
    const { readFd, out } = makePipe();
    const pipe = startWriter(out, async () => {
      await out.write(bytes);
      if (this.faults.has('write-end-closed-early')) out.close();
    });
    return this.registerPipe(value, readFd, pipe);
  }

  private registerPipe(value: unknown, readFd: number, pipe: ActivePipe, extraFds: number[] = []): MethodResult {
    // An fd number is unique among open write ends; only write-end-closed-early frees one before
    // FinishPipe, and then the newer pipe takes the id over.
    this.pipes.set(pipe.out.fd, pipe);
    const pipeid = this.faults.has('fd-without-pipeid') ? 0 : pipe.out.fd;
    return { value, fds: [readFd, ...extraFds], pipeid };
  }

  private async getManifest(args: GoAny[]): Promise<MethodResult> {
    this.requireInitialized();
    if (args.length !== 1) throw new ProxyError('invalid request, expecting one argument');
    const image = this.image(args[0]);
    if (this.faults.has('index-not-resolved')) {
      const top = await image.source.getManifest();
      if (isMultiImage(top.mimeType)) return this.returnBytes(sha256Of(top.bytes), top.bytes);
    }
    const target = await image.target(this.platforms);
    const { bytes, mimeType } = target;
    if (mimeType === MIME.schema1 || mimeType === MIME.schema1Signed) throw new ProxyError(`unsupported legacy manifest MIME type: ${mimeType}`);
    if (mimeType !== MIME.ociManifest && mimeType !== MIME.schema2) throw new ProxyError(`unsupported manifest MIME type: ${mimeType}`);
    let digest = sha256Of(bytes);
    if (this.faults.has('manifest-value-is-index-digest') && target.top) digest = target.top.digest;
    if (this.faults.has('wrong-manifest-digest')) digest = digest.slice(0, -1) + (digest.endsWith('0') ? '1' : '0');
    let payload = mimeType === MIME.ociManifest || this.faults.has('schema2-not-converted') ? bytes : await this.convert(image, target);
    if (this.faults.has('wrong-manifest-byte')) {
      payload = Buffer.from(payload);
      const at = payload.length >> 1;
      payload[at] = (payload[at] as number) ^ 0x01;
    }
    return this.returnBytes(digest, payload);
  }

  /** Docker schema2 → OCI, with the config re-serialised as containers/image does. */
  private async convert(image: OpenImage, target: ResolvedImage): Promise<Buffer> {
    const parsed = target.parsed;
    if (!parsed) throw new ProxyError('internal error: no parsed manifest to convert');
    return convertSchema2ToOci(parsed, await image.readConfigBlob(parsed.config.digest));
  }

  private async getConfig(args: GoAny[], full: boolean): Promise<MethodResult> {
    this.requireInitialized();
    if (args.length !== 1) throw new ProxyError('invalid request, expecting: [imgid]');
    const image = this.image(args[0]);
    const config = await image.ociConfig(this.platforms);
    // GetConfig is deprecated: a historical mistake made it return only the `config` member.
    const bytes = full || this.faults.has('get-config-full') ? config.bytes : configMember(config.image);
    return this.returnBytes(null, bytes);
  }

  private async getBlob(args: GoAny[]): Promise<MethodResult> {
    this.requireInitialized();
    if (args.length !== 3) throw new ProxyError(`found ${args.length} args, expecting (imgid, digest, size)`);
    const image = this.image(args[0]);
    const digestText = args[1];
    if (typeof digestText !== 'string') throw new ProxyError('expecting string blobid');
    const size = this.number(args[2]);
    const digest = parseDigest(digestText);
    const blob = await image.source.openBlob(digest);
    if (this.faults.has('get-blob-checks-size-early') && BigInt(blob.size) !== size) {
      await blob.handle.close();
      throw new ProxyError(`expected ${size} bytes in blob, got ${blob.size}`);
    }
    const { readFd, out } = await this.pipeFor(blob.handle);
    const pipe = startWriter(out, async () => {
      const verifier = makeVerifier(digest);
      let n: number;
      try {
        n = await streamFile(blob.handle, blob.path, out, {
          onRead: (chunk) => verifier.update(chunk),
          ...(this.faults.has('truncated-blob') ? { maxBytes: Math.max(0, blob.size - 1) } : {}),
          ...(this.faults.has('stall-mid-blob') ? { stallAfter: BLOB_STALL_BYTES } : {}),
        });
        if (this.faults.has('extra-blob-byte')) await out.write(Buffer.from('\n'));
      } finally {
        await blob.handle.close();
      }
      if (this.faults.has('write-end-closed-early')) out.close();
      // Go compares n with int64(size): a size of 2^64−1 (from −1) is −1 there.
      let error: string | null = null;
      if (!this.faults.has('blob-size-ignored') && BigInt(n) !== BigInt.asIntN(64, size)) error = `expected ${size} bytes in blob, got ${n}`;
      if (!this.faults.has('finish-pipe-ignores-digest') && verifier.digest('hex') !== digest.hex) error = `corrupted blob, expecting ${digest.text}`;
      if (error !== null) throw new ProxyError(error);
    });
    const extra: number[] = [];
    if (this.faults.has('two-fds-on-get-blob')) {
      const second = makePipe();
      second.out.close();
      extra.push(second.readFd);
    }
    return this.registerPipe(this.faults.has('get-blob-value-unknown') ? -1 : blob.size, readFd, pipe, extra);
  }

  /** A new pipe for a blob; if the system refuses one, the blob is closed and the error replied. */
  private async pipeFor(handle: { close(): Promise<void> }): Promise<ReturnType<typeof makePipe>> {
    try {
      return makePipe();
    } catch (error) {
      await handle.close();
      throw new ProxyError((error as Error).message);
    }
  }

  private async getRawBlob(args: GoAny[]): Promise<MethodResult> {
    this.requireInitialized();
    if (args.length !== 2) throw new ProxyError(`found ${args.length} args, expecting (imgid, digest)`);
    const image = this.image(args[0]);
    const digestText = args[1];
    if (typeof digestText !== 'string') throw new ProxyError('expecting string blobid');
    const digest = parseDigest(digestText);
    const blob = await image.source.openBlob(digest);
    const data = await this.pipeFor(blob.handle);
    let err: ReturnType<typeof makePipe>;
    try {
      err = makePipe();
    } catch (error) {
      data.out.close();
      native.close(data.readFd);
      await blob.handle.close();
      throw new ProxyError((error as Error).message);
    }
    this.loosePipes.add(data.out).add(err.out);
    void (async () => {
      let failure: ProxyError | null = null;
      const verifier = makeVerifier(digest);
      try {
        await streamFile(blob.handle, blob.path, data.out, { onRead: (chunk) => verifier.update(chunk) });
        if (this.faults.has('raw-blob-verifies') && verifier.digest('hex') !== digest.hex) failure = new ProxyError(`corrupted blob, expecting ${digest.text}`);
      } catch (error) {
        if (!(error instanceof WriterStopped)) failure = error instanceof ProxyError ? error : new ProxyError((error as Error).message);
      } finally {
        await blob.handle.close();
      }
      if (failure && !err.out.isClosed) {
        const text = this.faults.has('raw-blob-error-not-json') ? `error: ${failure.message}\n` : goMarshal({ code: failure.code, message: failure.message });
        await err.out.write(Buffer.from(text)).catch(() => {});
      }
      data.out.close();
      err.out.close();
      this.loosePipes.delete(data.out);
      this.loosePipes.delete(err.out);
    })().catch(() => {
      // Nothing left to report to: the client sees both pipes end.
      data.out.close();
      err.out.close();
    });
    const fds = [data.readFd, err.readFd];
    if (this.faults.has('raw-blob-without-error-fd')) fds.pop();
    return { value: blob.size, fds, pipeid: this.faults.has('raw-blob-pipeid') ? data.out.fd : 0 };
  }

  private async getLayerInfo(args: GoAny[], piped: boolean): Promise<MethodResult> {
    this.requireInitialized();
    if (args.length !== 1) throw new ProxyError(`found ${args.length} args, expecting (imgid)`);
    const image = this.image(args[0]);
    const { parsed } = await image.target(this.platforms);
    if (!parsed) throw new ProxyError('the reference proxy reads no layer info from a Docker schema1 image');
    const toOci: Record<string, string> = { [MIME.schema2Layer]: MIME.ociLayerGzip, [MIME.schema2LayerUncompressed]: MIME.ociLayer };
    const layers = parsed.layers.map((l) => ({
      digest: l.digest,
      size: this.faults.has('wrong-layer-info-size') ? l.size + 1n : l.size,
      media_type: this.faults.has('layer-info-oci-media-types') ? (toOci[l.mediaType] ?? l.mediaType) : l.mediaType,
    }));
    return piped ? this.returnBytes(null, Buffer.from(goMarshal(layers))) : inline(layers);
  }

  private async finishPipe(args: GoAny[]): Promise<MethodResult> {
    // Only reached without arguments under finish-pipe-no-args-replies (skopeo crashes instead).
    if (args.length === 0) throw new ProxyError('invalid request, expecting one argument');
    const pipeid = Number(this.number(args[0]) & 0xffffffffn);
    const pipe = this.pipes.get(pipeid);
    if (!pipe) {
      if (this.faults.has('finish-pipe-unknown-succeeds')) return inline(null);
      throw new ProxyError(`finishpipe: no active pipe ${pipeid}`);
    }
    if (this.faults.has('finish-pipe-does-not-wait')) {
      this.pipes.delete(pipeid);
      this.loosePipes.add(pipe.out);
      void pipe.done.then(() => this.releasePipe(pipe.out));
      return inline(null);
    }
    // Waits for the writer: with a payload larger than the pipe buffer and a client that is not
    // reading, this blocks the whole proxy, as in skopeo. The pipe stays in the table meanwhile,
    // so that closing the session can stop its writer.
    const error = await pipe.done;
    this.pipes.delete(pipeid);
    this.releasePipe(pipe.out);
    if (error) {
      if (error.code === 'EPIPE' && this.faults.has('epipe-reported-as-other')) throw new ProxyError(error.message, 'other');
      throw error;
    }
    return inline(null);
  }

  private releasePipe(out: PipeOut): void {
    if (this.faults.has('write-end-never-closed')) {
      this.loosePipes.add(out);
      return;
    }
    out.close();
    this.loosePipes.delete(out);
  }

  /** Closes every pipe, stops every writer and closes every image (Shutdown, EOF, a crash). */
  async close(): Promise<void> {
    for (const pipe of this.pipes.values()) pipe.out.close();
    this.pipes.clear();
    for (const out of this.loosePipes) out.close();
    this.loosePipes.clear();
    for (const fd of this.leakedFds.splice(0)) {
      try {
        closeSync(fd);
      } catch {
        // already gone
      }
    }
    const images = [...this.images.values()];
    this.images.clear();
    await Promise.all(images.map((image) => image.source.close().catch(() => {})));
  }
}
