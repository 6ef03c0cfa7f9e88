// Choosing cases: glob patterns on ids (`*` within a segment, `**` across segments) or tags
// (`tag:getblob`). A case runs when it matches some --run pattern (or none is given) and no --skip.
import type { CheckDefinition } from '../checks/types.js';
import { HarnessError } from '../errors.js';

export interface Selection {
  run: readonly string[];
  skip: readonly string[];
}

export function selectChecks(checks: readonly CheckDefinition[], selection: Selection): CheckDefinition[] {
  const run = selection.run.map(makeMatcher);
  const skip = selection.skip.map(makeMatcher);
  const chosen = checks.filter((c) => (run.length === 0 || run.some((m) => m(c))) && !skip.some((m) => m(c)));
  const unmatched = selection.run.filter((_, i) => !checks.some((c) => run[i]?.(c)));
  if (unmatched.length > 0) throw new HarnessError('PC_USAGE', `--run ${unmatched.join(', ')} matches no case (see \`proxy-conformance list\`)`);
  return chosen;
}

function makeMatcher(pattern: string): (c: CheckDefinition) => boolean {
  if (pattern.startsWith('tag:')) {
    const tag = pattern.slice(4);
    return (c) => c.tags.includes(tag);
  }
  const source = pattern
    .split(/(\*\*|\*|\?)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  // A pattern without a slash or wildcard also matches a whole group: `getblob` = `getblob/**`.
  const re = new RegExp(`^${source}${/[/*?]/.test(pattern) ? '' : '(/.*)?'}$`);
  return (c) => re.test(c.id);
}
