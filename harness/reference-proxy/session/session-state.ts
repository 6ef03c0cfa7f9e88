// Everything one proxy session holds between requests: the Initialize flag, the open images and
// their ids, the pipes, and the argument conversions every method shares.
import { closeSync, openSync } from 'node:fs';
import type { Faults } from '../faults.js';
import { OpenImage } from '../image/image.js';
import type { SessionObserver } from './observer.js';
import { PipeTable } from './pipe-table.js';
import type { Platform } from '../image/platform.js';
import type { PolicyGate } from '../policy/policy-gate.js';
import type { ProtocolProfile } from './protocol-profile.js';
import { ProxyError } from '../proxy-error.js';
import { parseUint64, type GoAny } from './request.js';
import type { ImageSource } from '../image/source.js';
import type { SystemContext } from '../image/system-context.js';
import { WAIT_OVER } from '../../errors.js';

/** The fault image-slots-never-freed: how many images a session may open in its life. */
const IMAGE_SLOTS = 16;

export class SessionState {
  initialized = false;
  /** Why skopeo's newSystemContext would fail with the options given (a credentials conflict): every Initialize fails with it. */
  systemContextError: string | null = null;
  /** Who ends the session when a crash happens away from any request (serve-session.ts). */
  private crashListener: ((stderr: string) => void) | null = null;
  readonly pipes: PipeTable;
  private nextImageId: bigint;
  private readonly images = new Map<bigint, OpenImage>();
  /** Images opened over the session's life (the fault image-slots-never-freed caps them). */
  private opened = 0;
  private readonly leakedFds: number[] = [];
  private closed = false;
  private readonly ended = new AbortController();
  /** What transports read beyond the reference; its signal aborts when the session closes. */
  readonly system: SystemContext;

  constructor(
    readonly faults: Faults,
    readonly platforms: Platform[],
    readonly profile: ProtocolProfile,
    readonly notify: SessionObserver,
    /** The signature policy check of OpenImage(Optional), or null before protocol 0.2.6. */
    readonly policy: PolicyGate | null,
    system: Omit<SystemContext, 'signal' | 'faults'>,
  ) {
    this.system = { ...system, signal: this.ended.signal, faults };
    this.pipes = new PipeTable(faults, notify);
    this.nextImageId = faults.has('image-id-zero') ? 0n : 1n;
  }

  /** Listens for a crash met away from any request; the first one ends the session. */
  onCrash(listener: (stderr: string) => void): void {
    this.crashListener = listener;
  }

  /** A crash a fault emulates where it happens (a pipe writer's uncaught error): the session ends with this stderr text, exit 2. */
  crash(stderr: string): void {
    const listener = this.crashListener;
    this.crashListener = null;
    listener?.(stderr);
  }

  requireInitialized(): void {
    if (!this.initialized && !this.faults.has('no-initialize-check')) throw new ProxyError('client error: must invoke Initialize');
  }

  /** skopeo's parseUint64 of an argument. */
  number(v: GoAny | undefined): bigint {
    return parseUint64(v, { rejectFractions: this.faults.has('fractional-numbers-rejected') });
  }

  /** The open image an id argument names. */
  image(v: GoAny | undefined): OpenImage {
    const id = this.number(v);
    if (id === 0n && !this.faults.has('image-id-zero')) throw new ProxyError('Invalid imageid value of zero');
    const image = this.images.get(id);
    if (!image) throw new ProxyError(`no image ${id}`);
    return image;
  }

  /** Registers an opened image under a new id; one opened after the session ended is closed again. */
  async addImage(source: ImageSource): Promise<bigint> {
    if (this.closed) {
      await source.close();
      throw new ProxyError('the session has ended');
    }
    if (this.faults.has('image-slots-never-freed') && this.opened >= IMAGE_SLOTS) {
      await source.close();
      throw new ProxyError(`no free image slot: ${IMAGE_SLOTS} images opened in this session`);
    }
    this.opened += 1;
    const id = this.allocateImageId();
    this.images.set(id, new OpenImage(id, source, this.faults));
    return id;
  }

  async removeImage(image: OpenImage): Promise<void> {
    this.images.delete(image.id);
    await image.source.close();
  }

  /** The fault fd-leak-per-request: one more open fd, closed only with the session. */
  leakFd(): void {
    this.leakedFds.push(openSync('/dev/null', 'r'));
  }

  private allocateImageId(): bigint {
    if (this.faults.has('reused-image-ids')) {
      let id = this.faults.has('image-id-zero') ? 0n : 1n;
      while (this.images.has(id)) id++;
      return id;
    }
    return this.nextImageId++;
  }

  /** Closes every pipe, stops every writer and closes every image (Shutdown, EOF, a crash, an abort). */
  async close(): Promise<void> {
    this.closed = true;
    this.ended.abort(WAIT_OVER);
    this.pipes.closeAll();
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
