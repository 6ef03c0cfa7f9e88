// What a method handler answers, and the handler's shape the dispatch table holds.
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';

/** What a method answers: a value, and for piped methods the read ends to pass and the pipe id. */
export interface MethodResult {
  value: unknown;
  fds: number[];
  pipeid: number;
}

/** One method: its checks in skopeo's order, then its answer; failures are thrown ProxyErrors. */
export type MethodHandler = (state: SessionState, args: GoAny[]) => MethodResult | Promise<MethodResult>;

/** A value in the reply itself, no pipe. */
export function inline(value: unknown): MethodResult {
  return { value, fds: [], pipeid: 0 };
}
