// json.Marshal as skopeo's replies and re-serialised configs need it: compact output, struct field
// order kept, map keys sorted bytewise, and <, >, &, U+2028, U+2029 escaped as \u003c and so on.

/** A map Go marshals with its keys sorted bytewise (Go sorts map keys as UTF-8 strings). */
export class GoMap<V> {
  constructor(readonly entries: Map<string, V>) {}
}

/** Go's encodeState.string with HTML escaping on (json.Marshal's default). */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * json.Marshal for the values the proxy sends: objects keep insertion order (struct field order),
 * GoMap sorts its keys, bigint and integral numbers print as integers.
 */
export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return goQuote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`json: unsupported value: ${value}`);
      return Number.isInteger(value) ? BigInt(value).toString() : String(value);
    case 'object':
      break;
    default:
      throw new TypeError(`json: unsupported type: ${typeof value}`);
  }
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(',')}]`;
  if (value instanceof GoMap) {
    const keys = [...(value.entries as Map<string, unknown>).keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${goQuote(k)}:${goMarshal((value.entries as Map<string, unknown>).get(k))}`).join(',')}}`;
  }
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${goQuote(k)}:${goMarshal(v)}`)
    .join(',')}}`;
}
