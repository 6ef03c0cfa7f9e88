// The case model every layer above it shares: what a case is, how strict, and which image it reads.
import type { SuiteImageAlias } from './suite-images.js';

export type Level = 'MUST' | 'SHOULD' | 'INFO';

/** What reports, selection and gating know of a case, whether it is TypeScript or a scenario. */
export interface CaseMetadata {
  /** Stable hierarchical id, e.g. `getblob/layers`. */
  id: string;
  title: string;
  /** One line on why a client cares. */
  why: string;
  level: Level;
  /** Minimum protocol version (semver) whose implementations must pass it. */
  since: string;
  /** Exclusive upper bound: the case is about what versions before this one must do. */
  until?: string;
  /** Where the rule comes from: method table, version history or an observed transcript. */
  reference: string;
  /** For selection and grouping, e.g. `getblob`, `size`, `adversarial`. */
  tags: readonly string[];
  /** The fixture image the check reads as `ctx.image` (default `simple`). */
  image?: SuiteImageAlias;
  /** How the socket reaches the implementation (default: as stdin). */
  socket?: 'stdin' | 'fd';
}

/** A case of any role: its metadata, and what it does with the context its role gives it. */
export interface CaseDefinition<Ctx> extends CaseMetadata {
  run(ctx: Ctx): Promise<void>;
}
