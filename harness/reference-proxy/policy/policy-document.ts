// containers/image's policy.json as far as the reference proxy reads it (specs/policy.md): a default
// requirement list, and per transport a list per scope; the most specific matching scope wins.
import { ProxyError } from '../proxy-error.js';

export interface Requirement {
  type: string;
  [key: string]: unknown;
}

export interface PolicyDocument {
  default: Requirement[];
  transports: Record<string, Record<string, Requirement[]>>;
}

/** The requirement types containers/image knows; only the first two are evaluated here. */
export const REQUIREMENT_TYPES = ['insecureAcceptAnything', 'reject', 'signedBy', 'signedBaseLayer', 'sigstoreSigned'] as const;

/** What --insecure-policy stands for. */
export const ACCEPT_ANYTHING: PolicyDocument = { default: [{ type: 'insecureAcceptAnything' }], transports: {} };

/** Parses a policy file's text; throws a ProxyError naming the file, as skopeo's `invalid policy in "FILE"`. */
export function parsePolicy(text: string, file: string): PolicyDocument {
  const invalid = (why: string): ProxyError => new ProxyError(`invalid policy in ${JSON.stringify(file)}: ${why}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  if (!isObject(json)) throw invalid('the policy is not a JSON object');
  if (!('default' in json)) throw invalid('Default policy is missing');
  const transports: PolicyDocument['transports'] = {};
  const rawTransports = json.transports ?? {};
  if (!isObject(rawTransports)) throw invalid('"transports" is not an object');
  for (const [transport, scopes] of Object.entries(rawTransports)) {
    if (!isObject(scopes)) throw invalid(`the scopes of transport ${JSON.stringify(transport)} are not an object`);
    transports[transport] = Object.fromEntries(Object.entries(scopes).map(([scope, list]) => [scope, requirementList(list, invalid)]));
  }
  return { default: requirementList(json.default, invalid), transports };
}

function requirementList(list: unknown, invalid: (why: string) => ProxyError): Requirement[] {
  if (!Array.isArray(list)) throw invalid('a requirement list is not an array');
  if (list.length === 0) throw invalid('List of verification policy requirements must not be empty');
  return list.map((r) => {
    if (!isObject(r) || typeof r.type !== 'string') throw invalid('a policy requirement has no "type"');
    if (!(REQUIREMENT_TYPES as readonly string[]).includes(r.type)) throw invalid(`Unknown policy requirement type ${JSON.stringify(r.type)}`);
    return r as Requirement;
  });
}

/**
 * The requirements for an image of `transport` whose most specific scope is `identity`: the
 * transport's entry for the identity, else for the nearest parent path, else its "" entry, else
 * the policy's default. "/" is never a scope ("" covers it).
 */
export function requirementsFor(policy: PolicyDocument, transport: string, identity: string): Requirement[] {
  const scopes = policy.transports[transport];
  if (scopes === undefined) return policy.default;
  for (const scope of scopeCandidates(identity)) {
    const found = Object.hasOwn(scopes, scope) ? scopes[scope] : undefined;
    if (found !== undefined) return found;
  }
  return (Object.hasOwn(scopes, '') ? scopes[''] : undefined) ?? policy.default;
}

/** A path identity and its parents, most specific first, without "/" (and none for ""). */
export function scopeCandidates(identity: string): string[] {
  const out: string[] = [];
  for (let p = identity; p !== '' && p !== '/'; p = p.slice(0, Math.max(p.lastIndexOf('/'), 0))) out.push(p);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
