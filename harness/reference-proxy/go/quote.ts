// strconv.Quote, Go's %q: how Go prints a string or a rune for people (error texts, log lines).

/** strconv.Quote of one rune, without the surrounding quotes. */
export function quoteRune(r: number): string {
  const short: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' };
  const s = short[r];
  if (s !== undefined) return s;
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  // Latin-1 runes Go does not count as printable: C1 controls, no-break space, soft hyphen.
  if ((r >= 0x80 && r <= 0xa0) || r === 0xad) return `\\u${r.toString(16).padStart(4, '0')}`;
  return String.fromCodePoint(r);
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
