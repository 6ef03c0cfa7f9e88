// Text an implementation or a file produced is data, never terminal control: every control
// character but newline and tab (C0, DEL, C1, so ESC, BEL, CR and NUL among them) is shown as an
// escape before it reaches a console or a report, so that a reply or a stderr line cannot clear a
// screen, retitle a window, plant a hyperlink or hide a line behind a carriage return.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** How much of a text from outside (a reply, an error, a file's line) a message quotes. */
export const EXCERPT_CHARS = 200;

/**
 * At most `max` characters of a text an implementation or a file produced: a cut one ends with how
 * long the whole was (`total`, when only part of it was received), so that a message neither floods
 * a line nor hides that it was cut.
 */
export function excerpt(text: string | Buffer, options: { max?: number; total?: number } = {}): string {
  const max = options.max ?? EXCERPT_CHARS;
  const whole = Buffer.isBuffer(text) ? text.length : Buffer.byteLength(text);
  const total = Math.max(options.total ?? whole, whole);
  // A Buffer is cut by bytes, a string by characters; either way `total` counts bytes.
  if (text.length <= max && total === whole) return text.toString();
  const shown = Buffer.isBuffer(text) ? text.subarray(0, max).toString('utf8') : text.slice(0, max);
  return `${shown}… (${total} bytes in all)`;
}

/** A value from outside as JSON, excerpted (see excerpt). */
export function quote(value: unknown, max = EXCERPT_CHARS): string {
  return excerpt(JSON.stringify(value) ?? String(value), { max });
}
