// A Go cover binary's counter file (covcounters.*), read directly: guided fuzzing needs the blocks
// one process reached as it ends, and `go tool covdata` costs tens of milliseconds a process.
// Only which counters are nonzero is kept, as block ids; source positions live in the metadata file
// (covmeta.*), which `go tool covdata` reads once at the end of a run (run-coverage.ts).
//
// The format (Go's internal/coverage, counter file version 1), little-endian:
//   header   32 bytes: magic "\0cwm", version u32, metadata hash [16], flavor u8 (1 raw u32, 2 ULEB128),
//            big-endian u8, 6 bytes padding
//   then per segment (one per emission; a process that exits writes one):
//     segment header 16 bytes: function entries u64, string table length u32, args length u32
//     string table and args (skipped), padding to a multiple of 4 from the file's start
//     per function: counter count, package index, function index, then the counters (each as the flavor says)
//     footer 16 bytes: magic, 4 padding, segment count u32, 4 padding
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const MAGIC = Buffer.from([0x00, 0x63, 0x77, 0x6d]);
const SUPPORTED_VERSION = 1;
const HEADER_BYTES = 32;
const SEGMENT_HEADER_BYTES = 16;
const FOOTER_BYTES = 16;
const FLAVOR_RAW = 1;
const FLAVOR_ULEB128 = 2;

export const COUNTER_FILE_PREFIX = 'covcounters.';

/** One coverable unit: `package:function:counter`, indices as the binary numbers them. */
export type BlockId = string;

export interface CounterFile {
  /** Hex of the metadata file's hash: counter files of one binary share it. */
  metaHash: string;
  segments: number;
  /** Functions listed (every one the process ran at least partly). */
  functions: number;
  /** Blocks whose counter is nonzero. */
  reached: Set<BlockId>;
}

export class CounterFileError extends Error {
  override name = 'CounterFileError';
}

/** Decodes a counter file's bytes; throws CounterFileError when they are not one this reader knows. */
export function decodeCounterFile(bytes: Buffer): CounterFile {
  if (bytes.length < HEADER_BYTES + FOOTER_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) throw new CounterFileError('not a Go coverage counter file (no covcounters magic)');
  const version = bytes.readUInt32LE(4);
  if (version !== SUPPORTED_VERSION) throw new CounterFileError(`Go coverage counter file version ${version}: only version ${SUPPORTED_VERSION} is read`);
  const flavor = bytes.readUInt8(24);
  const bigEndian = bytes.readUInt8(25) !== 0;
  if (flavor !== FLAVOR_RAW && flavor !== FLAVOR_ULEB128) throw new CounterFileError(`unknown counter flavor ${flavor}`);
  const footer = bytes.length - FOOTER_BYTES;
  if (!bytes.subarray(footer, footer + 4).equals(MAGIC)) throw new CounterFileError('the counter file has no footer (cut short?)');
  const segments = bytes.readUInt32LE(footer + 8);

  let at = HEADER_BYTES;
  const need = (n: number): void => {
    if (at + n > bytes.length) throw new CounterFileError(`the counter file ends inside a record at byte ${at}`);
  };
  const readRaw = (): number => {
    need(4);
    const v = bigEndian ? bytes.readUInt32BE(at) : bytes.readUInt32LE(at);
    at += 4;
    return v;
  };
  const readUleb = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      need(1);
      const b = bytes[at++] as number;
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
  };
  const read = flavor === FLAVOR_RAW ? readRaw : readUleb;

  const reached = new Set<BlockId>();
  let functions = 0;
  for (let s = 0; s < segments; s++) {
    need(SEGMENT_HEADER_BYTES);
    const entries = Number(bytes.readBigUInt64LE(at));
    const skip = bytes.readUInt32LE(at + 8) + bytes.readUInt32LE(at + 12);
    at += SEGMENT_HEADER_BYTES + skip;
    at += (4 - (at % 4)) % 4;
    for (let f = 0; f < entries; f++) {
      const counters = read();
      const pkg = read();
      const fn = read();
      for (let c = 0; c < counters; c++) if (read() !== 0) reached.add(`${pkg}:${fn}:${c}`);
    }
    functions += entries;
    // Every segment ends with a footer; the last one's is the file's.
    need(FOOTER_BYTES);
    at += FOOTER_BYTES;
  }
  return { metaHash: bytes.subarray(8, 24).toString('hex'), segments, functions, reached };
}

/**
 * The blocks one process reached, from the counter files in its GOCOVERDIR; null when it left none
 * (not a cover build, or stopped by a signal before it could write them).
 */
export function readReachedBlocks(dir: string): Set<BlockId> | null {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(COUNTER_FILE_PREFIX));
  } catch {
    return null;
  }
  if (names.length === 0) return null;
  const reached = new Set<BlockId>();
  for (const name of names) for (const block of decodeCounterFile(readFileSync(path.join(dir, name))).reached) reached.add(block);
  return reached;
}
