// How deep arrays and objects nest in JSON text, counted without parsing it: a depth that would
// overflow the stack of whatever walks the parsed value is refused first (input files, replies).

/** The deepest nesting of `[`/`{` outside strings, counted up to `stopAfter + 1`. */
export function jsonDepth(text: string, stopAfter: number = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAfter) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
