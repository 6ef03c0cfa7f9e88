// Two implementations' sessions of the same case, side by side: every way they differ, request by
// request, up to the first request that is not the same call (after it the case took another path,
// and what follows is a consequence, not a finding).
import { isDeepStrictEqual } from 'node:util';
import type { ObservedReply, ObservedSession } from './observed-session.js';
import { quote } from '../printable.js';

/** One way the reference differs from the real implementation, as `what: reference … real …`. */
export type Difference = string;

export function compareSessions(reference: ObservedSession, real: ObservedSession): Difference[] {
  const found: Difference[] = [];
  const count = Math.max(reference.requests.length, real.requests.length);
  for (let i = 0; i < count; i++) {
    const a = reference.requests[i];
    const b = real.requests[i];
    const at = `request ${i + 1}`;
    if (a === undefined || b === undefined || a.method !== b.method) {
      found.push(`${at}: the reference sent ${a?.method ?? 'nothing'}, the real one ${b?.method ?? 'nothing'} (the case took another path)`);
      return found;
    }
    const name = `${at} (${a.method})`;
    found.push(...compareReplies(name, a.reply, b.reply));
    if (!isDeepStrictEqual(a.waited, b.waited)) found.push(`${name}: waited in vain for ${listed(a.waited)} vs ${listed(b.waited)}`);
  }
  if (!isDeepStrictEqual(reference.payloads, real.payloads)) found.push(`payloads: ${listed(reference.payloads)} vs ${listed(real.payloads)}`);
  if (reference.eof !== real.eof) found.push(`socket EOF: ${reference.eof ? 'seen' : 'not seen'} vs ${real.eof ? 'seen' : 'not seen'}`);
  if (reference.exit !== real.exit) found.push(`exit: ${reference.exit ?? 'not observed'} vs ${real.exit ?? 'not observed'}`);
  return found;
}

/**
 * Whether the two differ in a way a loaded machine alone can make: one side waited in vain where the
 * other did not (a slow start), or one side's reply is a retryable error where the other's is not
 * (a registry that answered too slowly for the idle timeout, a connection the load reset).
 */
export function differInTransients(reference: ObservedSession, real: ObservedSession): boolean {
  const count = Math.max(reference.requests.length, real.requests.length);
  for (let i = 0; i < count; i++) {
    const [a, b] = [reference.requests[i], real.requests[i]];
    if (!isDeepStrictEqual(a?.waited ?? [], b?.waited ?? [])) return true;
    if ((a?.reply?.errorCode === 'retryable') !== (b?.reply?.errorCode === 'retryable')) return true;
  }
  return false;
}

function compareReplies(name: string, a: ObservedReply | null, b: ObservedReply | null): Difference[] {
  if (a === null || b === null) return a === b ? [] : [`${name}: reply ${a === null ? 'none' : 'received'} vs ${b === null ? 'none' : 'received'}`];
  const found: Difference[] = [];
  const field = (what: string, x: unknown, y: unknown) => {
    if (!isDeepStrictEqual(x, y)) found.push(`${name}: ${what} ${quote(x)} vs ${quote(y)}`);
  };
  field('success', a.success, b.success);
  field('value', a.value, b.value);
  field('pipe id given', a.pipe, b.pipe);
  field('error_code', a.errorCode, b.errorCode);
  field('error', a.error, b.error);
  field('fds', a.fds, b.fds);
  field('unparsed reply', a.unparsed ?? null, b.unparsed ?? null);
  return found;
}

function listed(items: readonly string[]): string {
  return items.length === 0 ? 'nothing' : items.join('; ');
}
