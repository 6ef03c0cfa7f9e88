// Subcommands sit under a program that owns the run's flags and parses them wherever they appear
// before the subcommand's name, so a subcommand reads its values merged over its parents'.
import type { Command } from 'commander';

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
