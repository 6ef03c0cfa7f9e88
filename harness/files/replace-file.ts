// Every file the harness writes for a user (baselines, reports, findings, fixture caches) is
// replaced, never rewritten in place: the new bytes go to a file beside it, are fsynced, and are
// renamed over the old one. A full disk, a crash or a Ctrl-C leaves the old file or the new one,
// never a truncated mix.
import writeFileAtomic from 'write-file-atomic';

/** Replaces `file` with `data` atomically (write beside, fsync, rename); the folder must exist. */
export async function replaceFile(file: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomic(file, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), { fsync: true });
}

/** {@link replaceFile} with a JSON document, two-space indented and ending in a newline. */
export async function replaceJsonFile(file: string, value: unknown): Promise<void> {
  await replaceFile(file, `${JSON.stringify(value, null, 2)}\n`);
}
