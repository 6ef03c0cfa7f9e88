// The rules every reply of every case must keep, whatever the case is about: one JSON envelope,
// valid against the schema of the implementation's protocol version, fds only where the method
// table puts them, and passed fds that are pipe read ends.
import semver from 'semver';
import type { ReplyOutcome } from '../protocol/client.js';
import type { Specs } from '../specs/index.js';
import { inspectFd } from '../transport/fd-inspect.js';
import { excerpt, quote } from '../printable.js';

/**
 * Returns the first broken invariant as a sentence, or null when the reply keeps them all.
 * `method` is the request's method as sent (it may be one the table does not know).
 */
export function findReplyViolation(method: string, outcome: ReplyOutcome, protocolVersion: string, specs: Specs): string | null {
  if (outcome.truncated) return `reply to ${method} is larger than the receive buffer (${outcome.size} bytes)`;
  if (outcome.ctruncated) return `reply to ${method} carried more fds than the receive buffer holds`;
  if (outcome.parseError !== undefined) return `reply to ${method} ${outcome.refused ? 'refused' : 'is not JSON'}: ${outcome.parseError}`;
  const reply = outcome.reply;
  if (reply === null) return `reply to ${method} is not a reply envelope: ${excerpt(outcome.raw, { total: outcome.size })}`;

  const oldest = specs.versions.protocol[0]?.version;
  if (semver.valid(protocolVersion) !== null && oldest !== undefined && semver.gte(protocolVersion, oldest)) {
    const envelope = specs.validateReply(outcome.json, protocolVersion);
    if (!envelope.ok) return `reply to ${method} breaks the ${protocolVersion} envelope schema: ${envelope.errors.join('; ')}`;
  }
  if (!reply.success && reply.error === '') return `${method} failed with an empty error`;
  if (!reply.success && outcome.fds.length > 0) return `${method} failed but passed ${outcome.fds.length} fds`;
  if (reply.success && reply.error !== '') return `${method} succeeded with a non-empty error: ${excerpt(reply.error)}`;
  if (reply.pipeid !== 0 && outcome.fds.length !== 1) {
    return `${method} replied with pipeid ${reply.pipeid} and ${outcome.fds.length} fds (a pipe id comes with exactly one fd)`;
  }

  const spec = specs.methodByName(method);
  if (reply.success) {
    const wanted = spec === undefined ? 0 : { inline: 0, pipe: 1, 'pipe-pair': 2, none: 0 }[spec.returns];
    if (outcome.fds.length !== wanted) return `${method} succeeded with ${outcome.fds.length} fds, the method table says ${wanted}`;
    if (spec?.returns === 'pipe' && reply.pipeid === 0) return `${method} passed its pipe with pipeid 0 (FinishPipe could not release it)`;
    if (spec?.returns === 'pipe-pair' && reply.pipeid !== 0) return `${method} replied with pipeid ${reply.pipeid}; its two pipes are not released by FinishPipe`;
    if (spec !== undefined && spec.returns !== 'none') {
      const value = specs.validateValue(method, reply.value);
      if (!value.ok) return `the value of ${method} (${quote(reply.value, 80)}) is not what the method table says: ${value.errors.map(shortenPattern).join('; ')}`;
    }
  }
  for (const fd of outcome.fds) {
    const why = describeBadPipeEnd(fd);
    if (why !== null) return `${method} passed fd ${fd} that is ${why}, not a pipe read end`;
  }
  return null;
}

/** Schema patterns (a semver regex) say less than their name. */
function shortenPattern(error: string): string {
  return error.replace(/must match pattern "(.{40,})"$/, 'must match the schema\'s pattern');
}

function describeBadPipeEnd(fd: number): string | null {
  let info;
  try {
    info = inspectFd(fd);
  } catch (error) {
    return `not inspectable (${(error as Error).message})`;
  }
  if (info.type !== 'fifo') return `a ${info.type}`;
  if (info.access !== 'read') return `a pipe opened for ${info.access}`;
  return null;
}
