// Go's json.Unmarshal tree: checkValid first (every syntax error wins over any type error), then
// strings unquoted with a lone surrogate escape as U+FFFD, number literals kept as text, object
// keys in order (duplicates kept), and Go's case-insensitive key folding for matching fields.
import { checkValid, isSpace } from './scan.js';
import { decodeGoUtf8, latin1 } from './utf8.js';

/** A parsed JSON value that keeps what Go needs: number literals as text, object keys in order. */
export type JsonNode =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; text: string }
  /** `raw` is the text between the quotes, escapes not applied (time.Time reads that). */
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: Array<[string, JsonNode]> };

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
