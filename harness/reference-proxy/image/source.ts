// What a transport hands the method handlers: the manifest (top level or one instance) and any
// blob stored with the image, as a reader so it can be streamed without holding it in memory.
import type { Digest } from './digest.js';
import { ProxyError } from '../proxy-error.js';
import type { SystemContext } from './system-context.js';

export interface RawManifest {
  bytes: Buffer;
  /** The MIME type the transport reports (the index.json descriptor's, or guessed from the bytes). */
  mimeType: string;
}

/** One blob being read, from a file or from a registry's response body. */
export interface BlobReader {
  /** The size the source reports (GetBlob's value): the file's, Content-Length, or −1 when unknown. */
  readonly size: number;
  /** Where the bytes come from (a path, a URL), for error texts. */
  readonly description: string;
  /**
   * The next chunk, or null at the end; throws a ProxyError worded as skopeo words the failure.
   * A chunk may be reused by the next read: consume it first.
   */
  read(): Promise<Buffer | null>;
  /** Releases the file or the connection; safe to call more than once. */
  close(): Promise<void>;
  /** True for a registry's response body. */
  readonly remote?: boolean;
  /** True when a broken body was ended as if complete (a fault's deliberate deviation). */
  readonly brokeOff?: boolean;
}

export interface ImageSource {
  getManifest(instanceDigest?: string): Promise<RawManifest>;
  /** Opens any blob present in the image's store, referenced by the image or not (skopeo does the same). */
  openBlob(digest: Digest): Promise<BlobReader>;
  close(): Promise<void>;
}

export interface ImageReference {
  readonly transport: string;
  /** The reference as the client wrote it. */
  readonly name: string;
  /** The policy scope the image matches most specifically: its resolved path, or "" (the transport's default only). */
  readonly policyIdentity: string;
  /** Opens the image; a registry transport reads `system` (the local ones need nothing). */
  newImageSource(system?: SystemContext): Promise<ImageSource>;
}

/**
 * The "image not found" errors OpenImageOptional turns into the id 0 (an OCI layout without the
 * tag, an oci-archive without it or without the archive file).
 */
export class ImageNotFoundError extends ProxyError {}

/** The whole blob in memory, refused past `limit` bytes (iolimits.ReadAtMost); the reader is closed. */
export async function readBlobAtMost(blob: BlobReader, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  try {
    if (blob.size > limit) throw new ProxyError(`exceeded maximum allowed size of ${limit} bytes`);
    for (let chunk = await blob.read(); chunk !== null; chunk = await blob.read()) {
      total += chunk.length;
      if (total > limit) throw new ProxyError(`exceeded maximum allowed size of ${limit} bytes`);
      parts.push(Buffer.from(chunk));
    }
  } finally {
    await blob.close();
  }
  return Buffer.concat(parts, total);
}
