// What a transport hands the method handlers: the manifest (top level or one instance) and any
// blob stored with the image, opened from disk so it can be streamed without holding it in memory.
import { open, type FileHandle } from 'node:fs/promises';
import type { Digest } from '../digest.js';
import { pathError, ProxyError } from '../proxy-error.js';

export interface RawManifest {
  bytes: Buffer;
  /** The MIME type the transport reports (the index.json descriptor's, or guessed from the bytes). */
  mimeType: string;
}

export interface OpenedBlob {
  handle: FileHandle;
  /** The blob's size as the file reports it (GetBlob's value). */
  size: number;
  /** The path, for read errors (`read PATH: …`). */
  path: string;
}

export interface ImageSource {
  getManifest(instanceDigest?: string): Promise<RawManifest>;
  /** Opens any blob present in the image's store, referenced by the image or not (skopeo does the same). */
  openBlob(digest: Digest): Promise<OpenedBlob>;
  close(): Promise<void>;
}

export interface ImageReference {
  readonly transport: string;
  /** The reference as the client wrote it. */
  readonly name: string;
  /** The policy scope the image matches most specifically: its resolved path, or "" (the transport's default only). */
  readonly policyIdentity: string;
  newImageSource(): Promise<ImageSource>;
}

/**
 * The "image not found" errors OpenImageOptional turns into the id 0 (an OCI layout without the
 * tag, an oci-archive without it or without the archive file).
 */
export class ImageNotFoundError extends ProxyError {}

/** os.Open + Stat, with Go's error texts. */
export async function openBlobFile(path: string): Promise<OpenedBlob> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw pathError('open', path, error);
  }
  try {
    const stat = await handle.stat();
    return { handle, size: stat.size, path };
  } catch (error) {
    await handle.close();
    throw pathError('stat', path, error);
  }
}
