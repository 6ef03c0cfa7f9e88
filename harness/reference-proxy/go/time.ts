// time.Time's JSON form: the strict RFC 3339 parse of UnmarshalJSON and the RFC3339Nano text
// MarshalJSON writes back.
import { GoDecodeError } from './decode-error.js';

const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * time.Time's strict RFC 3339 parse, returning the text Go's MarshalJSON writes back (RFC3339Nano:
 * trailing fraction zeros dropped, a zero offset written as Z). The error text is Go's shape but
 * names the whole value rather than the exact element Go stops at.
 */
export function parseRfc3339(raw: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/.exec(raw);
  const fail = (): never => {
    throw new GoDecodeError(`parsing time ${JSON.stringify(raw)} as ${JSON.stringify(RFC3339_LAYOUT)}: cannot parse ${JSON.stringify(raw)} as "2006"`);
  };
  if (!m) return fail();
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number))) fail();
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) fail();
  let offset = 'Z';
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    if (Number(zone.slice(1, 3)) >= 24 || Number(zone.slice(4, 6)) >= 60) fail();
    offset = zone === '+00:00' || zone === '-00:00' ? 'Z' : zone;
  }
  const nanos = (frac ?? '').slice(0, 9).padEnd(9, '0').replace(/0+$/, '');
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${nanos ? `.${nanos}` : ''}${offset}`;
}
