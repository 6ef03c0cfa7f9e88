// Text an implementation or a file produced is data, never terminal control: every control
// character but newline and tab (C0, DEL, C1, so ESC, BEL, CR and NUL among them) is shown as an
// escape before it reaches a console or a report, so that a reply or a stderr line cannot clear a
// screen, retitle a window, plant a hyperlink or hide a line behind a carriage return.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
