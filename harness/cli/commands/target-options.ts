// The one implementation that fuzz and replay test: --impl, --impl-arg, --sockfd and --timeout
// from the option table, read as a single target.
import type { Command } from 'commander';
import type { Target } from '../../launch/resolve-target.js';
import { addOptions } from '../options/option-table.js';

export interface TargetFlags {
  impl?: string[];
  implArg?: string[];
  sockfd?: number;
}

/** `timeout`: what --timeout means in the command, with its default there. */
export function addTargetOptions(command: Command, timeout: string): Command {
  return addOptions(command, ['impl', 'implArg', 'sockfd', 'timeout'], { impl: 'the proxy implementation to test', timeout });
}

/** The target the flags name; of several --impl, the last wins. */
export function targetOf(flags: TargetFlags): Target {
  const impl = flags.impl?.at(-1);
  return { ...(impl !== undefined ? { impl } : {}), args: [...(flags.implArg ?? [])], ...(flags.sockfd !== undefined ? { sockfd: flags.sockfd } : {}) };
}
