// logrus's fatal line, as skopeo writes it to stderr before exiting 1.
import { goQuoteQ } from '../go/quote.js';

export function fatalLine(message: string): string {
  return `time="${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}" level=fatal msg=${goQuoteQ(message)}\n`;
}
