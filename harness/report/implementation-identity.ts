// What an implementation in a results document is, whatever run wrote it: its executable, version,
// protocol, socket and the user's own arguments. The permissive policy the harness writes for skopeo
// and the reference proxy lives in a per-run temp dir, so its `--policy` flag is not part of it.
import type { ImplementationRecord } from './model.js';

/** `--policy <tmp>/proxy-conformance-XXXX/policy.json`: the flag the harness adds, never the user's. */
const HARNESS_POLICY = /(^|\/)proxy-conformance-[^/]*\/policy\.json$/;

/** The arguments without the harness's own policy flag. */
export function userArgsOf(implementation: Pick<ImplementationRecord, 'args'>): string[] {
  const { args } = implementation;
  const at = args.findIndex((a, i) => a === '--policy' && HARNESS_POLICY.test(args[i + 1] ?? ''));
  return at === -1 ? [...args] : [...args.slice(0, at), ...args.slice(at + 2)];
}

/** A key equal for the same implementation in every run (the label is a name for tables, not part of it). */
export function implementationKey(implementation: ImplementationRecord): string {
  const { executable, versionString, protocolVersion, socket } = implementation;
  return JSON.stringify([executable, versionString, protocolVersion, socket, userArgsOf(implementation)]);
}

/** The implementation for a reader: label, executable and the user's arguments. */
export function describeImplementation(implementation: ImplementationRecord): string {
  const args = userArgsOf(implementation);
  return `${implementation.label} (${[implementation.executable, ...args].join(' ')})`;
}
