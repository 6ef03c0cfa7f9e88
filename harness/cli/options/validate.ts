// Option values checked where they enter: each validate* names the option and the value in one
// sentence and throws a PC_USAGE HarnessError; asParser turns it into commander's usage error (exit 2).
import { InvalidArgumentError } from 'commander';
import { isHarnessError, HarnessError } from '../../errors.js';
import { FAULT_NAMES } from '../../reference-proxy/faults.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/reporters.js';

export function validateWholeNumber(option: string, text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new HarnessError('PC_USAGE', `${option} takes a whole number, not "${text}"`);
  return Number(text);
}

export function validatePositiveInt(option: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) === 0 || !Number.isSafeInteger(Number(text))) {
    throw new HarnessError('PC_USAGE', `${option} takes a whole number above 0, not "${text}"`);
  }
  return Number(text);
}

/** A whole number from `min` to `max`. */
export function validateIntInRange(option: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new HarnessError('PC_USAGE', `${option} takes a whole number from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

/** `60s`, `2m`, `1500ms` or bare seconds, as milliseconds. */
export function validateDuration(option: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (m === null) throw new HarnessError('PC_USAGE', `${option} takes a duration like 60s, 2m or 1500ms, not "${text}"`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms < 1) throw new HarnessError('PC_USAGE', `${option} takes at least 1 ms, not "${text}"`);
  return Math.round(ms);
}

export function validateFormat(text: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(text)) throw new HarnessError('PC_USAGE', `--format takes one of ${REPORT_FORMATS.join(', ')}, not "${text}"`);
  return text as ReportFormat;
}

/** Fault names of the reference proxy (`--list-faults` prints them). */
export function validateFaultNames(option: string, names: readonly string[]): string[] {
  const unknown = names.filter((f) => !(FAULT_NAMES as readonly string[]).includes(f));
  if (unknown.length > 0) throw new HarnessError('PC_USAGE', `${option} ${unknown.join(', ')}: no such fault (known: ${FAULT_NAMES.join(', ')})`);
  return [...names];
}

/** A validate* function as a commander argument parser: a bad value is a usage error naming it. */
export function asParser<T>(validate: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return validate(text);
    } catch (error) {
      if (isHarnessError(error)) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/** A repeatable option: each value checked by `validate`, collected in order. */
export function asRepeatableParser<T>(validate: (text: string) => T): (text: string, previous: T[] | undefined) => T[] {
  const parse = asParser(validate);
  return (text, previous) => [...(previous ?? []), parse(text)];
}

/** Collects a repeatable option's values unchecked. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
