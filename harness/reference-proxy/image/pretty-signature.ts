// libtrust's ParsePrettySignature(content, "signatures") as containers/image's manifest.Digest uses
// it on a body that looks like signed Docker schema1: the payload the JWS signatures sign (the
// content up to formatLength, then the decoded formatTail), or the error that stops it. The error
// texts are libtrust's; a JSON type error inside the signatures is worded after Go's
// encoding/json, and a signature's `jwk` header is not parsed (libtrust would check the key).
import { parseGoJson, type JsonNode } from '../go/parse.js';
import { GoSyntaxError } from '../go/scan.js';
import { ProxyError } from '../proxy-error.js';

/** The bytes a signed schema1 manifest's digest is taken over. */
export function prettySignaturePayload(content: Buffer): Buffer {
  const top = parseGoJson(content);
  if (top.kind !== 'object') throw new ProxyError(`error unmarshalling content: json: cannot unmarshal ${top.kind} into Go value of type map[string]json.RawMessage`);
  // A Go map: the last of duplicate keys wins, and the lookup is exact.
  const signatures = top.entries.filter(([key]) => key === 'signatures').at(-1)?.[1];
  if (signatures === undefined) throw new ProxyError('missing signature key');
  let formatLength = 0;
  let formatTail: Buffer = Buffer.alloc(0);
  for (const block of signatureBlocks(signatures)) {
    const protectedHeader = parseProtectedHeader(decodeOrFail(block, 'base64 decode error'));
    const length = protectedHeader.get('formatLength');
    if (length?.kind !== 'number') throw new ProxyError('missing formatted length');
    const tailText = protectedHeader.get('formatTail');
    if (tailText?.kind !== 'string') throw new ProxyError('missing formatted tail');
    const tail = decodeOrFail(tailText.value, 'base64 decode error on tail');
    // readIntFromMap: int(float64), truncated toward zero.
    const n = Math.trunc(Number(length.text));
    if (formatLength === 0) formatLength = n;
    else if (formatLength !== n) throw new ProxyError('conflicting format length');
    if (formatTail.length === 0) formatTail = tail;
    else if (!formatTail.equals(tail)) throw new ProxyError('conflicting format tail');
  }
  if (formatLength > content.length) throw new ProxyError('invalid format length');
  return Buffer.concat([content.subarray(0, Math.max(0, formatLength)), formatTail]);
}

/** Each signature block's `protected` text: `[]jsParsedSignature` as Go decodes it. */
function signatureBlocks(node: JsonNode): string[] {
  if (node.kind === 'null') return [];
  if (node.kind !== 'array') throw new ProxyError(`error unmarshalling signatures: json: cannot unmarshal ${node.kind} into Go value of type []libtrust.jsParsedSignature`);
  return node.items.map((item) => {
    if (item.kind === 'null') return '';
    if (item.kind !== 'object') throw new ProxyError(`error unmarshalling signatures: json: cannot unmarshal ${item.kind} into Go value of type libtrust.jsParsedSignature`);
    const found = item.entries.filter(([key]) => key.toLowerCase() === 'protected').at(-1)?.[1];
    if (found === undefined || found.kind === 'null') return '';
    if (found.kind !== 'string') throw new ProxyError(`error unmarshalling signatures: json: cannot unmarshal ${found.kind} into Go struct field jsParsedSignature.protected of type string`);
    return found.value;
  });
}

/** The protected header as `map[string]interface{}`. */
function parseProtectedHeader(bytes: Buffer): Map<string, JsonNode> {
  let node: JsonNode;
  try {
    node = parseGoJson(bytes);
  } catch (error) {
    if (error instanceof GoSyntaxError) throw new ProxyError(`error unmarshalling protected header: ${error.message}`);
    throw error;
  }
  if (node.kind === 'null') return new Map();
  if (node.kind !== 'object') throw new ProxyError(`error unmarshalling protected header: json: cannot unmarshal ${node.kind} into Go value of type map[string]interface {}`);
  return new Map(node.entries);
}

/** libtrust's joseBase64UrlDecode: spaces and newlines dropped, padding restored, then strict base64url. */
function decodeOrFail(text: string, what: string): Buffer {
  let s = text.replace(/[\n ]/g, '');
  if (s.length % 4 === 1) throw new ProxyError(`${what}: illegal base64url string`);
  s += '='.repeat((4 - (s.length % 4)) % 4);
  const bad = /[^A-Za-z0-9_-]/.exec(s.replace(/={1,2}$/, ''));
  if (bad !== null) throw new ProxyError(`${what}: illegal base64 data at input byte ${bad.index}`);
  return Buffer.from(s, 'base64url');
}
