// Templates in scenario arguments and expectations: `${path}` references into the case's bindings
// (fixture data, saved replies), a few operators, and the matchers expectations may use.
import { isDeepStrictEqual } from 'node:util';
import semver from 'semver';
import { HarnessError } from '../errors.js';
import { quote } from '../printable.js';

/** What a `${name}` refers to: fixture data, or a reply a step saved with `as`. */
export type Bindings = Map<string, unknown>;

/** A reply saved by a step: `${img}` is its value, `${blob.pipeid}` its pipe id. */
export class SavedReply {
  constructor(
    readonly value: unknown,
    readonly pipeid: number,
    readonly success: boolean,
  ) {}
}

const WHOLE = /^\$\{([^}]+)\}$/;
const PART = /\$\{([^}]+)\}/g;

export function resolveTemplate(template: unknown, bindings: Bindings): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) return lookup(whole[1] as string, bindings);
    return template.replace(PART, (_, path: string) => String(lookup(path, bindings)));
  }
  if (Array.isArray(template)) return template.map((t) => resolveTemplate(t, bindings));
  if (typeof template === 'object' && template !== null) {
    const obj = template as Record<string, unknown>;
    if ('$add' in obj) {
      const terms = (obj.$add as unknown[]).map((t) => resolveTemplate(t, bindings));
      if (!terms.every((t) => typeof t === 'number')) throw new HarnessError('PC_SCENARIO', `$add needs numbers, got ${JSON.stringify(terms)}`);
      return (terms as number[]).reduce((a, b) => a + b, 0);
    }
    if ('$repeat' in obj) {
      const [text, count] = obj.$repeat as [string, number];
      return String(resolveTemplate(text, bindings)).repeat(count);
    }
    if ('$concat' in obj) return (obj.$concat as unknown[]).map((t) => String(resolveTemplate(t, bindings))).join('');
    if ('$upper' in obj) return String(resolveTemplate(obj.$upper, bindings)).toUpperCase();
    if ('$nest' in obj) {
      // `{"$nest": [depth, leaf]}`: an array nested depth times around leaf.
      const [depth, leaf] = obj.$nest as [number, unknown];
      let value: unknown = resolveTemplate(leaf, bindings);
      for (let i = 0; i < depth; i++) value = [value];
      return value;
    }
    if (Object.keys(obj).some((k) => k.startsWith('$'))) return obj; // a matcher: resolved when matched
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveTemplate(v, bindings)]));
  }
  return template;
}

function lookup(path: string, bindings: Bindings): unknown {
  const [head, ...rest] = path.split('.');
  if (!bindings.has(head as string)) throw new HarnessError('PC_SCENARIO', `no binding named ${JSON.stringify(head)} (in \${${path}})`);
  let value = bindings.get(head as string);
  if (value instanceof SavedReply && rest.length === 0) return value.value;
  for (const key of rest) {
    if (value === null || typeof value !== 'object') throw new HarnessError('PC_SCENARIO', `\${${path}}: ${key} is not reachable`);
    value = (value as Record<string, unknown>)[key];
    if (value === undefined) throw new HarnessError('PC_SCENARIO', `\${${path}}: no ${key}`);
  }
  return value;
}

/**
 * Compares an actual value with an expected template. Matchers: `{"$positive": true}` (an integer
 * above 0), `{"$type": "string"}`, `{"$semver": true}`, `{"$notIn": [...]}`, `{"$oneOf": [...]}`,
 * `{"$any": true}`, `{"$subset": {...}}`. Returns null on a match, else why not.
 */
export function matchValue(actual: unknown, expected: unknown, bindings: Bindings): string | null {
  if (typeof expected === 'object' && expected !== null && !Array.isArray(expected)) {
    const m = expected as Record<string, unknown>;
    if ('$any' in m) return null;
    if ('$positive' in m) return Number.isInteger(actual) && (actual as number) > 0 ? null : `${show(actual)} is not a positive integer`;
    if ('$type' in m) return jsonType(actual) === m.$type ? null : `${show(actual)} is not of type ${String(m.$type)}`;
    if ('$semver' in m) return typeof actual === 'string' && semver.valid(actual) !== null ? null : `${show(actual)} is not a semantic version`;
    if ('$notIn' in m) {
      const banned = resolveTemplate(m.$notIn, bindings) as unknown[];
      return banned.some((b) => isDeepStrictEqual(b, actual)) ? `${show(actual)} repeats an earlier value` : null;
    }
    if ('$oneOf' in m) {
      const options = resolveTemplate(m.$oneOf, bindings) as unknown[];
      return options.some((o) => isDeepStrictEqual(o, actual)) ? null : `${show(actual)} is none of ${show(options)}`;
    }
    if ('$subset' in m) return matchSubset(actual, resolveTemplate(m.$subset, bindings));
  }
  const want = resolveTemplate(expected, bindings);
  return isDeepStrictEqual(normalize(actual), normalize(want)) ? null : `${show(actual)} differs from the expected ${show(want)}`;
}

function matchSubset(actual: unknown, want: unknown): string | null {
  if (typeof want !== 'object' || want === null) return isDeepStrictEqual(actual, want) ? null : `${show(actual)} is not ${show(want)}`;
  if (typeof actual !== 'object' || actual === null) return `${show(actual)} is not an object`;
  for (const [k, v] of Object.entries(want)) {
    const why = matchSubset((actual as Record<string, unknown>)[k], v);
    if (why !== null) return `${k}: ${why}`;
  }
  return null;
}

/** Buffers compare by content; everything else as JSON. */
function normalize(value: unknown): unknown {
  return Buffer.isBuffer(value) ? value.toString('base64') : value;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

export function show(value: unknown): string {
  return quote(value, 160);
}
