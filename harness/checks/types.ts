// The shape of a conformance check: metadata that reports and gating read, and a run function.
import type { CheckContext } from './context.js';

export type Level = 'MUST' | 'SHOULD' | 'INFO';

export interface CheckDefinition {
  /** Stable hierarchical id, e.g. `get-blob/layers`. */
  id: string;
  title: string;
  /** One line on why a client cares. */
  why: string;
  level: Level;
  /** Minimum protocol version (semver) whose implementations must pass it. */
  since: string;
  /** Where the rule comes from: method table, version history or an observed transcript. */
  reference: string;
  /** How the socket reaches the implementation (default: as stdin). */
  socket?: 'stdin' | 'fd';
  run(ctx: CheckContext): Promise<void>;
}
