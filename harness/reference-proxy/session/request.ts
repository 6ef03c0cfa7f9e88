// A request packet decoded as skopeo's json.Unmarshal into `struct { Method string; Args []any }`
// does it: syntax errors first, then Go's type errors; keys matched case-insensitively; a repeated
// key's last value wins; `null`, `{}` and `{"method":null}` mean method ""; numbers are float64.
// And the argument conversions skopeo applies (parseUint64 and the %T names in its errors).
import { foldName, nodeKindName, parseGoJson, type JsonNode } from '../go/parse.js';
import { GoSyntaxError } from '../go/scan.js';
import { ProxyError } from '../proxy-error.js';

/** One decoded argument: Go's interface{} values (float64, string, bool, nil, []any, map[string]any). */
export type GoAny = number | string | boolean | null | GoAny[] | Map<string, GoAny>;

export interface Request {
  method: string;
  /** null when `args` is absent or null (Go's nil slice); skopeo treats it like []. */
  args: GoAny[] | null;
}

interface DecodeOptions {
  /** A fault: match "method" and "args" only when spelled exactly so. */
  caseSensitiveKeys?: boolean;
}

class TypeErrors {
  first: string | null = null;
  save(value: string, field: string, type: string): void {
    this.first ??= `json: cannot unmarshal ${value} into Go struct field request.${field} of type ${type}`;
  }
}

function toAny(node: JsonNode, errors: TypeErrors): GoAny {
  switch (node.kind) {
    case 'null':
      return null;
    case 'bool':
      return node.value;
    case 'string':
      return node.value;
    case 'number': {
      const n = Number(node.text);
      if (!Number.isFinite(n)) {
        errors.save(`number ${node.text}`, 'args', 'float64');
        return null;
      }
      return n;
    }
    case 'array':
      return node.items.map((item) => toAny(item, errors));
    case 'object':
      return new Map(node.entries.map(([k, v]) => [k, toAny(v, errors)]));
  }
}

export function decodeRequest(data: Uint8Array, options: DecodeOptions = {}): Request {
  let root: JsonNode;
  try {
    root = parseGoJson(data);
  } catch (error) {
    if (error instanceof GoSyntaxError) throw new ProxyError(`invalid request: ${error.message}`);
    throw error;
  }
  const request: Request = { method: '', args: null };
  if (root.kind === 'null') return request;
  if (root.kind !== 'object') {
    throw new ProxyError(`invalid request: json: cannot unmarshal ${nodeKindName(root)} into Go value of type main.request`);
  }
  const errors = new TypeErrors();
  const is = (key: string, field: string) => key === field || (!options.caseSensitiveKeys && foldName(key) === foldName(field));
  for (const [key, value] of root.entries) {
    if (is(key, 'method')) {
      if (value.kind === 'string') request.method = value.value;
      else if (value.kind !== 'null') errors.save(nodeKindName(value), 'method', 'string');
    } else if (is(key, 'args')) {
      if (value.kind === 'null') request.args = null;
      else if (value.kind === 'array') request.args = value.items.map((item) => toAny(item, errors));
      else errors.save(nodeKindName(value), 'args', '[]interface {}');
    }
  }
  if (errors.first !== null) throw new ProxyError(`invalid request: ${errors.first}`);
  return request;
}

/** Go's %T for an interface{} value. */
export function goTypeName(v: GoAny | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** ECMAScript's Number.MAX_SAFE_INTEGER, skopeo's maxJSONFloat. */
const MAX_JSON_FLOAT = 2 ** 53 - 1;
const TWO_64 = 2n ** 64n;
const TWO_63 = 2n ** 63n;

/**
 * skopeo's parseUint64: a float64, at most 2^53−1, converted with Go's uint64(f) on amd64 (the
 * fraction dropped, a negative value wrapping: −1 → 2^64−1).
 */
export function parseUint64(v: GoAny | undefined, options: { rejectFractions?: boolean } = {}): bigint {
  if (typeof v !== 'number') throw new ProxyError(`expecting numeric, not ${goTypeName(v)}`);
  if (v > MAX_JSON_FLOAT) throw new ProxyError(`out of range integer for numeric ${BigInt(v).toString()}.000000`);
  if (options.rejectFractions && !Number.isInteger(v)) throw new ProxyError(`expecting an integer, not ${v}`);
  const t = BigInt(Math.trunc(v));
  if (t >= 0n) return t;
  // amd64's CVTTSD2SQ: values below int64's range give the "integer indefinite" 0x8000000000000000.
  return t < -TWO_63 ? TWO_63 : TWO_64 + t;
}
