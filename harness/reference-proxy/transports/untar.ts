// Extracting a tar file (oci-archive:, docker-archive:) into a directory, safely and streaming.
import { createWriteStream, type ReadStream } from 'node:fs';
import { once } from 'node:events';
import { link, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { extract as makeExtract } from 'tar-stream';

/** Extracts regular files, directories and links that stay inside `dest`, streaming each file. */
export async function untar(input: ReadStream, dest: string): Promise<void> {
  const inside = (name: string): string => {
    const target = path.join(dest, path.normalize(`/${name}`));
    if (path.relative(dest, target).startsWith('..')) throw new Error(`${JSON.stringify(name)} is outside of ${JSON.stringify(dest)}`);
    return target;
  };
  const extract = makeExtract();
  input.once('error', (error) => extract.destroy(error));
  input.pipe(extract);
  for await (const entry of extract) {
    const { header } = entry;
    const target = inside(header.name);
    if (header.type === 'file' || header.type === 'contiguous-file') {
      await mkdir(path.dirname(target), { recursive: true });
      const out = createWriteStream(target, { mode: 0o644 });
      for await (const chunk of entry) if (!out.write(chunk)) await once(out, 'drain');
      out.end();
      await finished(out);
      continue;
    }
    entry.resume();
    if (header.type === 'directory') await mkdir(target, { recursive: true });
    else if (header.type === 'symlink') {
      inside(path.join(path.dirname(header.name), header.linkname));
      await mkdir(path.dirname(target), { recursive: true });
      await symlink(header.linkname, target);
    } else if (header.type === 'link') {
      await mkdir(path.dirname(target), { recursive: true });
      await link(inside(header.linkname), target);
    }
  }
}
