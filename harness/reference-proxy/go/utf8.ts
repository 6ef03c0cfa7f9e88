// Go's UTF-8 coercion: a string is made well-formed byte by byte, each byte that does not start a
// valid sequence becoming U+FFFD on its own.

/**
 * Go's utf8.DecodeRune applied to a whole byte string: a valid sequence becomes its rune, and every
 * byte that does not start one becomes U+FFFD on its own (unlike TextDecoder, which folds a cut
 * sequence into one U+FFFD).
 */
export function decodeGoUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  let i = start;
  let asciiRun = start;
  const flush = (to: number) => {
    if (to > asciiRun) out += latin1(bytes, asciiRun, to);
  };
  while (i < end) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    flush(i);
    const [rune, width] = decodeRune(bytes, i, end);
    out += String.fromCodePoint(rune);
    i += width;
    asciiRun = i;
  }
  flush(i);
  return out;
}

function decodeRune(b: Uint8Array, i: number, end: number): [number, number] {
  const bad: [number, number] = [0xfffd, 1];
  const b0 = b[i] as number;
  const cont = (k: number, lo = 0x80, hi = 0xbf): number | null => {
    if (i + k >= end) return null;
    const v = b[i + k] as number;
    return v >= lo && v <= hi ? v & 0x3f : null;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 === null ? bad : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    const c1 = cont(1, lo, hi);
    const c2 = c1 === null ? null : cont(2);
    return c1 === null || c2 === null ? bad : [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    const c1 = cont(1, lo, hi);
    const c2 = c1 === null ? null : cont(2);
    const c3 = c2 === null ? null : cont(3);
    return c1 === null || c2 === null || c3 === null ? bad : [((b0 & 0x07) << 18) | ((c1 as number) << 12) | (c2 << 6) | c3, 4];
  }
  return bad;
}

/** Bytes as one JS char each (for ASCII runs and number literals). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
