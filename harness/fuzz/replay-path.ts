// A failure's replay value: profile, fast-check seed and fast-check path, printed as the command
// line flags that reproduce it and parsed back from them.
import { HarnessError } from '../errors.js';
import { PROFILES, type Profile } from '../sequences/model.js';

export interface Replay {
  profile: Profile;
  /** fast-check seed of the round that found the failure: 0 … 2^31-1. */
  seed: number;
  /** fast-check counterexample path: run index, then shrink steps, e.g. `12:0:3`. */
  path: string;
}

export const MAX_SEED = 2 ** 31 - 1;
const PATH = /^\d+(?::\d+)*$/;

/** `--profile adversarial --seed 123 --path "12:0:3"`, ready to paste after `proxy-conformance fuzz`. */
export function formatReplay(replay: Replay): string {
  return `--profile ${replay.profile} --seed ${replay.seed} --path "${replay.path}"`;
}

/** Reads the flags formatReplay prints (quotes optional, any order); throws PC_USAGE naming what is wrong. */
export function parseReplay(text: string): Replay {
  const tokens = text.trim().split(/\s+/);
  const values = new Map<string, string>();
  for (let i = 0; i < tokens.length; i += 2) {
    const flag = tokens[i] as string;
    const value = tokens[i + 1];
    if (!['--profile', '--seed', '--path'].includes(flag) || value === undefined) {
      throw new HarnessError('PC_USAGE', `a replay is --profile P --seed N --path "P", not ${JSON.stringify(text)}`);
    }
    values.set(flag, value.replace(/^"(.*)"$/, '$1'));
  }
  return {
    profile: validateProfile(values.get('--profile') ?? ''),
    seed: validateSeed(values.get('--seed') ?? ''),
    path: validatePath(values.get('--path') ?? ''),
  };
}

export function validateProfile(text: string): Profile {
  if (!(PROFILES as readonly string[]).includes(text)) throw new HarnessError('PC_USAGE', `--profile takes ${PROFILES.join(' or ')}, not "${text}"`);
  return text as Profile;
}

export function validateSeed(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_SEED) throw new HarnessError('PC_USAGE', `--seed takes a whole number from 0 to ${MAX_SEED}, not "${text}"`);
  return Number(text);
}

export function validatePath(text: string): string {
  if (!PATH.test(text)) throw new HarnessError('PC_USAGE', `--path takes the path printed with a failure (numbers joined by ":"), not "${text}"`);
  return text;
}
