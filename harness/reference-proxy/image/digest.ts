// Blob digests as go-digest parses them (its error texts reach the client unchanged), and the
// verifier GetBlob feeds while streaming.
import { createHash, type Hash } from 'node:crypto';
import { ProxyError } from '../proxy-error.js';

/** The algorithms go-digest has a hash for in skopeo, with their hex length. */
const ALGORITHMS: Record<string, { hash: string; hexLength: number }> = {
  sha256: { hash: 'sha256', hexLength: 64 },
  sha384: { hash: 'sha384', hexLength: 96 },
  sha512: { hash: 'sha512', hexLength: 128 },
};

/** go-digest's DigestRegexp: any well-formed `algorithm:encoded`, known algorithm or not. */
const DIGEST_SHAPE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export interface Digest {
  algorithm: string;
  hex: string;
  text: string;
}

/** digest.Parse: format, then a known algorithm, then length, then lower-case hex. */
export function parseDigest(text: string): Digest {
  const i = text.indexOf(':');
  if (i <= 0 || i + 1 === text.length) throw new ProxyError('invalid checksum digest format');
  const algorithm = text.slice(0, i);
  const hex = text.slice(i + 1);
  const known = ALGORITHMS[algorithm];
  if (!known) {
    if (!DIGEST_SHAPE.test(text)) throw new ProxyError('invalid checksum digest format');
    throw new ProxyError('unsupported digest algorithm');
  }
  if (hex.length !== known.hexLength) throw new ProxyError('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(hex)) throw new ProxyError('invalid checksum digest format');
  return { algorithm, hex, text };
}

export function makeVerifier(digest: Digest): Hash {
  return createHash((ALGORITHMS[digest.algorithm] as { hash: string }).hash);
}

export function sha256Of(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** manifest.MatchesDigest for the algorithms above. */
export function matchesDigest(data: Uint8Array, digest: string): boolean {
  try {
    const d = parseDigest(digest);
    return makeVerifier(d).update(data).digest('hex') === d.hex;
  } catch {
    return false;
  }
}
