// Options of the fuzz and replay subcommands, checked where they enter. Both commands are added to
// a program that already owns --impl, --impl-arg, --sockfd, --seed and --timeout and parses them
// wherever they appear, so values are read merged from the command and its parents.
import { Command, InvalidArgumentError } from 'commander';
import { isHarnessError } from '../errors.js';
import { validatePath, validateProfile, validateSeed } from './replay-path.js';

export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (m === null) throw new InvalidArgumentError(`takes a duration like 60s, 2m or 1500ms, not "${value}"`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms < 1) throw new InvalidArgumentError(`must be at least 1 ms, not "${value}"`);
  return Math.round(ms);
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new InvalidArgumentError(`takes a whole number above 0, not "${value}"`);
  return Number(value);
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Wraps a validate* function (which throws a HarnessError) as a commander argument parser. */
export function asParser<T>(validate: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return validate(text);
    } catch (error) {
      if (isHarnessError(error)) throw new InvalidArgumentError(error.message.replace(/^--\w+ /, ''));
      throw error;
    }
  };
}

export const parseProfile = asParser(validateProfile);
export const parseSeed = asParser(validateSeed);
export const parsePath = asParser(validatePath);

/** The implementation options every property command takes (no defaults: a parent may own them). */
export function addImplOptions(command: Command): Command {
  return command
    .option('--impl <path>', 'the proxy implementation to test (default: skopeo on PATH)')
    .option('--impl-arg <arg>', 'an argument for the implementation, repeatable (for skopeo: a global flag)', collect)
    .option('--sockfd <n>', 'pass the socket as fd N with `--sockfd N` instead of as stdin', parsePositiveIntOrZero)
    .option('--timeout <ms>', 'deadline for each reply and each EOF; anything slower is a hang', parsePositiveInt);
}

function parsePositiveIntOrZero(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`takes a whole number, not "${value}"`);
  return Number(value);
}

/** Options of `command` merged over its parents': a parent that parsed a shared flag keeps its value. */
export function mergedOptions<T>(command: Command): T {
  const merged: Record<string, unknown> = {};
  const chain: Command[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) chain.unshift(c);
  for (const c of chain) {
    for (const [key, value] of Object.entries(c.opts())) {
      if (value === undefined || (Array.isArray(value) && value.length === 0 && merged[key] !== undefined)) continue;
      merged[key] = value;
    }
  }
  return merged as T;
}
