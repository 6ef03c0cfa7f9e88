// The case model every layer above it shares: what a case is, how strict, and which image it reads.
import type { UpstreamProfile } from './upstream-profile.js';
import type { SuiteImageAlias } from '../images/suite-images.js';

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
  /**
   * How the socket reaches the implementation (default: as stdin): `fd` on fd 3 with `--sockfd 3`;
   * `not-a-socket` gives `--sockfd 3` with /dev/null there (a launch the implementation must refuse).
   */
  socket?: 'stdin' | 'fd' | 'not-a-socket';
  /** The signature policy the implementation is launched under, instead of the run's permissive one. */
  policy?: CasePolicy;
  /**
   * skopeo's image options the implementation is launched with, after its other arguments (e.g.
   * `--creds a:b --no-creds`); only skopeo and the reference proxy take them (others: not applicable).
   */
  imageOptions?: readonly string[];
  /**
   * For a registry image: what the case's own fault-injecting upstream in front of the registry
   * does (default: passes everything through unchanged).
   */
  upstream?: UpstreamProfile;
  /** What a hang in this case means, added to the verdict's message (e.g. the bug it reproduces). */
  hangMeans?: string;
  /**
   * What the case looks at of the implementation's process besides its socket: its exit status, its
   * fd table. Derived from a scenario's steps, declared by a TypeScript check; run/session-route.ts
   * gives such a case a process of its own.
   */
  observes?: readonly ProcessAspect[];
}

/** `exit`: the process's exit code or signal; `fd-table`: its open fds (/proc/PID/fd). */
export type ProcessAspect = 'exit' | 'fd-table';

/**
 * A case's signature policy (specs/policy.md), written to the case's own temp dir and given with
 * skopeo's global flags: `--policy FILE`, and `--insecure-policy` when `insecure` is set.
 */
export interface CasePolicy {
  /** The policy file's JSON; `${…}` in its keys and strings name the case's bindings, e.g. `${image.location.path}`. */
  document?: unknown;
  /** `--policy` names a file that does not exist (instead of a document). */
  missing?: true;
  /** `--insecure-policy` as well. */
  insecure?: true;
}

/** A case of any role: its metadata, and what it does with the context its role gives it. */
export interface CaseDefinition<Ctx> extends CaseMetadata {
  run(ctx: Ctx): Promise<void>;
}
