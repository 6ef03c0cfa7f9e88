// Reads what a client wrote to PC_OUT: `manifest`, `config` and `blobs/sha256/<hex>`; anything else is listed.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientOutput } from './observation.js';

const BLOB_DIR = path.join('blobs', 'sha256');

export async function readClientOutput(dir: string): Promise<ClientOutput> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  const blobs = new Map<string, Buffer>();
  const other: string[] = [];
  let manifest: Buffer | null = null;
  let config: Buffer | null = null;
  for (const name of files.sort()) {
    if (name === 'manifest') manifest = await readFile(path.join(dir, name));
    else if (name === 'config') config = await readFile(path.join(dir, name));
    else if (path.dirname(name) === BLOB_DIR) blobs.set(path.basename(name), await readFile(path.join(dir, name)));
    else other.push(name);
  }
  return { manifest, config, blobs, other };
}
