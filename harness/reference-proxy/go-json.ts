// JSON the way Go's encoding/json reads and writes it, because skopeo's proxy is written in Go and
// its quirks are part of the protocol a client meets:
// - the whole input is checked first, with the scanner's exact messages ("invalid character 'x'
//   after top-level value", "unexpected end of JSON input", "exceeded max depth" past 10000 levels);
// - strings are coerced to well-formed UTF-8 byte by byte (each bad byte becomes U+FFFD), and a
//   lone surrogate escape becomes U+FFFD;
// - object keys match struct fields exactly first, then case-insensitively (see foldName);
// - output is compact, with <, >, &, U+2028 and U+2029 escaped as \u003c and so on.

/** A parsed JSON value that keeps what Go needs: number literals as text, object keys in order. */
export type JsonNode =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; text: string }
  /** `raw` is the text between the quotes, escapes not applied (time.Time reads that). */
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: Array<[string, JsonNode]> };

export class GoSyntaxError extends Error {
  override readonly name = 'GoSyntaxError';
}

/** Go's nesting limit (maxNestingDepth in encoding/json's scanner). */
export const MAX_NESTING_DEPTH = 10000;

const enum Ctx {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

type State = (c: number) => void;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Go's quoteChar: how the scanner names an offending byte ('x', '\'', '"', '\x01', 'ï'). */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  return `'${quoteRune(c)}'`;
}

/** strconv.Quote of one rune, without the surrounding quotes. */
function quoteRune(r: number): string {
  const short: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' };
  const s = short[r];
  if (s !== undefined) return s;
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  // Latin-1 runes Go does not count as printable: C1 controls, no-break space, soft hyphen.
  if ((r >= 0x80 && r <= 0xa0) || r === 0xad) return `\\u${r.toString(16).padStart(4, '0')}`;
  return String.fromCodePoint(r);
}

/**
 * Go's scanner as a state machine over bytes: throws GoSyntaxError with Go's message at the first
 * invalid byte. With `firstValueOnly` it stops after one top-level value (json.Decoder), and reports
 * a value cut short as "unexpected EOF" and empty input as "EOF".
 */
export function checkValid(data: Uint8Array, options: { firstValueOnly?: boolean } = {}): number {
  const stack: Ctx[] = [];
  let endTop = false;
  let step: State;
  const fail = (c: number, context: string): never => {
    throw new GoSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  };
  const push = (c: number, ctx: Ctx, next: State): void => {
    stack.push(ctx);
    if (stack.length > MAX_NESTING_DEPTH) fail(c, 'exceeded max depth');
    step = next;
  };
  const beginValueOrEmpty: State = (c) => {
    if (isSpace(c)) return;
    if (c === 0x5d) return endValue(c);
    beginValue(c);
  };
  const beginValue: State = (c) => {
    if (isSpace(c)) return;
    switch (c) {
      case 0x7b:
        return push(c, Ctx.ObjectKey, beginStringOrEmpty);
      case 0x5b:
        return push(c, Ctx.ArrayValue, beginValueOrEmpty);
      case 0x22:
        step = inString;
        return;
      case 0x2d:
        step = neg;
        return;
      case 0x30:
        step = zero;
        return;
      case 0x74:
        step = literal('true', 1);
        return;
      case 0x66:
        step = literal('false', 1);
        return;
      case 0x6e:
        step = literal('null', 1);
        return;
    }
    if (c >= 0x31 && c <= 0x39) {
      step = one;
      return;
    }
    fail(c, 'looking for beginning of value');
  };
  const beginStringOrEmpty: State = (c) => {
    if (isSpace(c)) return;
    if (c === 0x7d) {
      stack[stack.length - 1] = Ctx.ObjectValue;
      return endValue(c);
    }
    beginString(c);
  };
  const beginString: State = (c) => {
    if (isSpace(c)) return;
    if (c === 0x22) {
      step = inString;
      return;
    }
    fail(c, 'looking for beginning of object key string');
  };
  const endValue: State = (c) => {
    const n = stack.length;
    if (n === 0) {
      step = endTopState;
      endTop = true;
      return endTopState(c);
    }
    if (isSpace(c)) {
      step = endValue;
      return;
    }
    switch (stack[n - 1]) {
      case Ctx.ObjectKey:
        if (c === 0x3a) {
          stack[n - 1] = Ctx.ObjectValue;
          step = beginValue;
          return;
        }
        return fail(c, 'after object key');
      case Ctx.ObjectValue:
        if (c === 0x2c) {
          stack[n - 1] = Ctx.ObjectKey;
          step = beginString;
          return;
        }
        if (c === 0x7d) return pop();
        return fail(c, 'after object key:value pair');
      default:
        if (c === 0x2c) {
          step = beginValue;
          return;
        }
        if (c === 0x5d) return pop();
        return fail(c, 'after array element');
    }
  };
  const pop = (): void => {
    stack.pop();
    if (stack.length === 0) {
      step = endTopState;
      endTop = true;
    } else step = endValue;
  };
  const endTopState: State = (c) => {
    if (!isSpace(c)) fail(c, 'after top-level value');
  };
  const inString: State = (c) => {
    if (c === 0x22) {
      step = endValue;
      return;
    }
    if (c === 0x5c) {
      step = inStringEsc;
      return;
    }
    if (c < 0x20) fail(c, 'in string literal');
  };
  const inStringEsc: State = (c) => {
    if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
      step = inString;
      return;
    }
    if (c === 0x75) {
      step = inStringEscU(0);
      return;
    }
    fail(c, 'in string escape code');
  };
  const inStringEscU =
    (seen: number): State =>
    (c) => {
      const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
      if (!hex) return fail(c, 'in \\u hexadecimal character escape');
      step = seen === 3 ? inString : inStringEscU(seen + 1);
    };
  const neg: State = (c) => {
    if (c === 0x30) {
      step = zero;
      return;
    }
    if (c >= 0x31 && c <= 0x39) {
      step = one;
      return;
    }
    fail(c, 'in numeric literal');
  };
  const one: State = (c) => {
    if (c >= 0x30 && c <= 0x39) return;
    zero(c);
  };
  const zero: State = (c) => {
    if (c === 0x2e) {
      step = dot;
      return;
    }
    if (c === 0x65 || c === 0x45) {
      step = exp;
      return;
    }
    endValue(c);
  };
  const dot: State = (c) => {
    if (c >= 0x30 && c <= 0x39) {
      step = dot0;
      return;
    }
    fail(c, 'after decimal point in numeric literal');
  };
  const dot0: State = (c) => {
    if (c >= 0x30 && c <= 0x39) return;
    if (c === 0x65 || c === 0x45) {
      step = exp;
      return;
    }
    endValue(c);
  };
  const exp: State = (c) => {
    if (c === 0x2b || c === 0x2d) {
      step = expSign;
      return;
    }
    expSign(c);
  };
  const expSign: State = (c) => {
    if (c >= 0x30 && c <= 0x39) {
      step = exp0;
      return;
    }
    fail(c, 'in exponent of numeric literal');
  };
  const exp0: State = (c) => {
    if (c >= 0x30 && c <= 0x39) return;
    endValue(c);
  };
  const literal =
    (word: string, at: number): State =>
    (c) => {
      const want = word.charCodeAt(at);
      if (c !== want) return fail(c, `in literal ${word} (expecting ${quoteChar(want)})`);
      step = at + 1 === word.length ? endValue : literal(word, at + 1);
    };

  step = beginValue;
  let started = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as number;
    if (!started && !isSpace(c)) started = true;
    step(c);
    if (options.firstValueOnly && endTop) return i + 1;
  }
  // Go's scanner.eof(): one more space settles a number at the very end, or names what was cut.
  if (!endTop) step(0x20);
  if (options.firstValueOnly && !endTop) throw new GoSyntaxError(started ? 'unexpected EOF' : 'EOF');
  if (!endTop) throw new GoSyntaxError('unexpected end of JSON input');
  return data.length;
}

/**
 * Go's utf8.DecodeRune applied to a whole byte string: a valid sequence becomes its rune, and every
 * byte that does not start one becomes U+FFFD on its own (unlike TextDecoder, which folds a cut
 * sequence into one U+FFFD).
 */
export function decodeGoUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  let i = start;
  let asciiRun = start;
  const flush = (to: number) => {
    if (to > asciiRun) out += latin1(bytes, asciiRun, to);
  };
  while (i < end) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    flush(i);
    const [rune, width] = decodeRune(bytes, i, end);
    out += String.fromCodePoint(rune);
    i += width;
    asciiRun = i;
  }
  flush(i);
  return out;
}

function decodeRune(b: Uint8Array, i: number, end: number): [number, number] {
  const bad: [number, number] = [0xfffd, 1];
  const b0 = b[i] as number;
  const cont = (k: number, lo = 0x80, hi = 0xbf): number | null => {
    if (i + k >= end) return null;
    const v = b[i + k] as number;
    return v >= lo && v <= hi ? v & 0x3f : null;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 === null ? bad : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    const c1 = cont(1, lo, hi);
    const c2 = c1 === null ? null : cont(2);
    return c1 === null || c2 === null ? bad : [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    const c1 = cont(1, lo, hi);
    const c2 = c1 === null ? null : cont(2);
    const c3 = c2 === null ? null : cont(3);
    return c1 === null || c2 === null || c3 === null ? bad : [((b0 & 0x07) << 18) | ((c1 as number) << 12) | (c2 << 6) | c3, 4];
  }
  return bad;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

function isNumberByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return c - 0x41 + 10;
}

/** Go's unquote of an already validated string body (between the quotes). */
function unquote(data: Uint8Array, start: number, end: number): string {
  let simple = true;
  for (let i = start; i < end; i++) {
    const c = data[i] as number;
    if (c === 0x5c || c >= 0x80) {
      simple = false;
      break;
    }
  }
  if (simple) return latin1(data, start, end);
  let out = '';
  let i = start;
  let runStart = start;
  const flushRun = (to: number) => {
    if (to > runStart) out += decodeGoUtf8(data, runStart, to);
  };
  const u4 = (at: number): number => {
    if (at + 6 > end || data[at] !== 0x5c || data[at + 1] !== 0x75) return -1;
    let v = 0;
    for (let k = 2; k < 6; k++) v = (v << 4) | hexValue(data[at + k] as number);
    return v;
  };
  while (i < end) {
    if (data[i] !== 0x5c) {
      i++;
      continue;
    }
    flushRun(i);
    const e = data[i + 1] as number;
    const simpleEscapes: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
    const mapped = simpleEscapes[e];
    if (mapped !== undefined) {
      out += mapped;
      i += 2;
    } else {
      let r = u4(i);
      i += 6;
      if (r >= 0xd800 && r < 0xe000) {
        const r2 = u4(i);
        if (r < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000) {
          r = 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00);
          i += 6;
        } else r = 0xfffd;
      }
      out += String.fromCodePoint(r);
    }
    runStart = i;
  }
  flushRun(end);
  return out;
}

/**
 * Parses `data` as Go does: checkValid first (every syntax error wins over any type error), then
 * builds the tree. Iterative, so Go's full nesting depth cannot overflow the JS stack.
 */
export function parseGoJson(data: Uint8Array, options: { firstValueOnly?: boolean } = {}): JsonNode {
  const end = checkValid(data, options);
  type Frame = { node: Extract<JsonNode, { kind: 'array' | 'object' }>; key: string | null };
  const stack: Frame[] = [];
  let i = 0;
  let result: JsonNode | undefined;
  const skipSpace = () => {
    while (i < end && isSpace(data[i] as number)) i++;
  };
  const readString = (): { value: string; raw: string } => {
    const start = ++i;
    while (data[i] !== 0x22) i += data[i] === 0x5c ? 2 : 1;
    const value = unquote(data, start, i);
    const raw = decodeGoUtf8(data, start, i);
    i++;
    return { value, raw };
  };
  const attach = (node: JsonNode) => {
    const top = stack[stack.length - 1];
    if (!top) {
      result = node;
      return;
    }
    if (top.node.kind === 'array') top.node.items.push(node);
    else {
      top.node.entries.push([top.key as string, node]);
      top.key = null;
    }
  };
  for (;;) {
    skipSpace();
    const top = stack[stack.length - 1];
    if (top) {
      const c = data[i];
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c === 0x5d || c === 0x7d) {
        i++;
        stack.pop();
        attach(top.node);
        if (stack.length === 0) break;
        continue;
      }
      if (top.node.kind === 'object' && top.key === null) {
        top.key = readString().value;
        skipSpace();
        i++; // the colon
        continue;
      }
    }
    const c = data[i] as number;
    if (c === 0x7b || c === 0x5b) {
      i++;
      stack.push({ node: c === 0x7b ? { kind: 'object', entries: [] } : { kind: 'array', items: [] }, key: null });
      continue;
    }
    let node: JsonNode;
    if (c === 0x22) node = { kind: 'string', ...readString() };
    else if (c === 0x74) {
      node = { kind: 'bool', value: true };
      i += 4;
    } else if (c === 0x66) {
      node = { kind: 'bool', value: false };
      i += 5;
    } else if (c === 0x6e) {
      node = { kind: 'null' };
      i += 4;
    } else {
      const start = i;
      while (i < end && isNumberByte(data[i] as number)) i++;
      node = { kind: 'number', text: latin1(data, start, i) };
    }
    attach(node);
    if (stack.length === 0) break;
  }
  return result as JsonNode;
}

/** Go's foldName: ASCII upper case, plus the two non-ASCII runes that fold onto ASCII letters. */
export function foldName(name: string): string {
  let out = '';
  for (const ch of name) {
    if (ch === '\u017f') out += 'S';
    else if (ch === '\u212a') out += 'K';
    else if (ch >= 'a' && ch <= 'z') out += ch.toUpperCase();
    else out += ch;
  }
  return out;
}

/** The name Go's UnmarshalTypeError gives a JSON value's kind. */
export function nodeKindName(node: JsonNode): string {
  return node.kind === 'bool' ? 'bool' : node.kind;
}

/** A map Go marshals with its keys sorted bytewise (Go sorts map keys as UTF-8 strings). */
export class GoMap<V> {
  constructor(readonly entries: Map<string, V>) {}
}

/** Go's encodeState.string with HTML escaping on (json.Marshal's default). */
export function goQuote(s: string): string {
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

/** Go's %q of a string (strconv.Quote): printable runes kept, the rest escaped Go's way. */
export function goQuoteQ(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if ((r >= 0x20 && r < 0x7f) || (r >= 0x80 && /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch))) out += ch;
    else if (r < 0x80) out += quoteRune(r);
    else if (r < 0x10000) out += `\\u${r.toString(16).padStart(4, '0')}`;
    else out += `\\U${r.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
