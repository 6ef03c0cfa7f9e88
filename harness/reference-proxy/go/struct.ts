// Typed decoding and encoding the way Go's encoding/json does it for the structs skopeo reads
// (image configs, manifests, indexes): fields matched exactly then case-insensitively, unknown keys
// ignored, null a no-op for strings and structs, a repeated key decoded into what the first one
// left (structs and maps merge, slices restart), the first type error kept and reported after the
// whole value was walked; and on output, struct field order, omitempty, sorted map keys.
import { GoDecodeError } from './decode-error.js';
import { GoMap } from './marshal.js';
import { foldName, nodeKindName, parseGoJson, type JsonNode } from './parse.js';
import { parseRfc3339 } from './time.js';

export type GoType =
  | { k: 'string'; name?: string }
  | { k: 'bool' }
  | { k: 'int'; name: 'int' | 'int64' }
  /** *time.Time: kept as the RFC 3339 text Go would write back. */
  | { k: 'time' }
  /** interface{} we only need to know is present. */
  | { k: 'any' }
  | { k: 'slice'; elem: GoType; name: string }
  | { k: 'map'; elem: GoType; name: string }
  | { k: 'ptr'; elem: GoType }
  | GoStruct;

export interface GoStruct {
  k: 'struct';
  /** The bare type name Go puts in "Go struct field NAME.field". */
  name: string;
  /** The qualified name Go prints as the type ("v1.Image"). */
  typeName: string;
  fields: GoField[];
}

export interface GoField {
  json: string;
  type: GoType;
  omitempty?: boolean;
}

/** A decoded struct: every field present, Go's zero values for the absent ones. */
export type GoStructValue = Record<string, unknown>;

function typeName(t: GoType): string {
  switch (t.k) {
    case 'string':
      return t.name ?? 'string';
    case 'bool':
      return 'bool';
    case 'int':
      return t.name;
    case 'time':
      return 'time.Time';
    case 'any':
      return 'interface {}';
    case 'slice':
    case 'map':
      return t.name;
    case 'ptr':
      return typeName(t.elem);
    case 'struct':
      return t.typeName;
  }
}

function zeroValue(t: GoType): unknown {
  switch (t.k) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0n;
    case 'struct': {
      const out: GoStructValue = {};
      for (const f of t.fields) out[f.json] = zeroValue(f.type);
      return out;
    }
    default:
      return null;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class Decoder {
  saved: GoDecodeError | null = null;
  private fieldStack: string[] = [];
  private struct = '';

  private typeError(value: string, t: GoType): void {
    if (this.saved) return;
    const where = this.struct !== '' || this.fieldStack.length > 0 ? `Go struct field ${this.struct}.${this.fieldStack.join('.')}` : 'Go value';
    this.saved = new GoDecodeError(`json: cannot unmarshal ${value} into ${where} of type ${typeName(t)}`);
  }

  decode(node: JsonNode, t: GoType, existing: unknown): unknown {
    switch (t.k) {
      case 'any':
        return node.kind === 'null' ? null : node;
      case 'ptr':
        return node.kind === 'null' ? null : this.decode(node, t.elem, existing);
      case 'time':
        if (node.kind === 'null') return null;
        // time.Time has its own UnmarshalJSON: its error ends decoding at once.
        if (node.kind !== 'string') throw new GoDecodeError('Time.UnmarshalJSON: input is not a JSON string');
        return parseRfc3339(node.raw);
      case 'string':
        if (node.kind === 'string') return node.value;
        if (node.kind !== 'null') this.typeError(nodeKindName(node), t);
        return existing;
      case 'bool':
        if (node.kind === 'bool') return node.value;
        if (node.kind !== 'null') this.typeError(nodeKindName(node), t);
        return existing;
      case 'int':
        if (node.kind === 'number') {
          const n = /^-?\d+$/.test(node.text) ? BigInt(node.text) : null;
          if (n === null || n < INT64_MIN || n > INT64_MAX) {
            this.typeError(`number ${node.text}`, t);
            return existing;
          }
          return n;
        }
        if (node.kind !== 'null') this.typeError(nodeKindName(node), t);
        return existing;
      case 'slice': {
        if (node.kind === 'null') return null;
        if (node.kind !== 'array') {
          this.typeError(nodeKindName(node), t);
          return existing;
        }
        const old = Array.isArray(existing) ? existing : [];
        return node.items.map((item, i) => this.decode(item, t.elem, i < old.length ? old[i] : zeroValue(t.elem)));
      }
      case 'map': {
        if (node.kind === 'null') return null;
        if (node.kind !== 'object') {
          this.typeError(nodeKindName(node), t);
          return existing;
        }
        const map = existing instanceof Map ? (existing as Map<string, unknown>) : new Map<string, unknown>();
        for (const [key, value] of node.entries) map.set(key, this.decode(value, t.elem, zeroValue(t.elem)));
        return map;
      }
      case 'struct': {
        const target = (existing ?? zeroValue(t)) as GoStructValue;
        if (node.kind === 'null') return target;
        if (node.kind !== 'object') {
          this.typeError(nodeKindName(node), t);
          return target;
        }
        for (const [key, value] of node.entries) {
          const field = t.fields.find((f) => f.json === key) ?? t.fields.find((f) => foldName(f.json) === foldName(key));
          if (!field) continue;
          const savedStruct = this.struct;
          this.fieldStack.push(field.json);
          this.struct = t.name;
          target[field.json] = this.decode(value, field.type, target[field.json]);
          this.fieldStack.pop();
          this.struct = savedStruct;
        }
        return target;
      }
    }
  }
}

/** json.Unmarshal(bytes, &T): throws the syntax error, the unmarshaler error, or the first type error. */
export function goUnmarshal(data: Uint8Array, t: GoStruct, options: { firstValueOnly?: boolean } = {}): GoStructValue {
  return goUnmarshalNode(parseGoJson(data, options), t);
}

export function goUnmarshalNode(node: JsonNode, t: GoStruct): GoStructValue {
  const decoder = new Decoder();
  const value = decoder.decode(node, t, zeroValue(t)) as GoStructValue;
  if (decoder.saved) throw decoder.saved;
  return value;
}

function isEmpty(value: unknown, t: GoType): boolean {
  switch (t.k) {
    case 'string':
      return value === '';
    case 'bool':
      return value === false;
    case 'int':
      return value === 0n;
    case 'slice':
      return value === null || (value as unknown[]).length === 0;
    case 'map':
      return value === null || (value as Map<string, unknown>).size === 0;
    case 'struct':
      return false;
    default:
      return value === null;
  }
}

/** Turns a decoded value back into what goMarshal writes as Go would: field order, omitempty, sorted maps. */
export function toMarshalable(value: unknown, t: GoType): unknown {
  if (value === null || value === undefined) return t.k === 'struct' ? toMarshalable(zeroValue(t), t) : null;
  switch (t.k) {
    case 'slice':
      return (value as unknown[]).map((v) => toMarshalable(v, t.elem));
    case 'map': {
      const out = new Map<string, unknown>();
      for (const [k, v] of value as Map<string, unknown>) out.set(k, toMarshalable(v, t.elem));
      return new GoMap(out);
    }
    case 'ptr':
      return toMarshalable(value, t.elem);
    case 'struct': {
      const out: Record<string, unknown> = {};
      const v = value as GoStructValue;
      for (const f of t.fields) {
        if (f.omitempty && isEmpty(v[f.json], f.type)) continue;
        out[f.json] = toMarshalable(v[f.json], f.type);
      }
      return out;
    }
    case 'any':
      return nodeToPlain(value as JsonNode);
    default:
      return value;
  }
}

function nodeToPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'null':
      return null;
    case 'bool':
      return node.value;
    case 'number':
      return Number(node.text);
    case 'string':
      return node.value;
    case 'array':
      return node.items.map(nodeToPlain);
    case 'object':
      return new GoMap(new Map(node.entries.map(([k, v]) => [k, nodeToPlain(v)])));
  }
}
