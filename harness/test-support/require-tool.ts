// Tests that need an external tool fail (never skip) when it is missing, with the line that installs it:
// a skipped test proves nothing, and CI must not pass without skopeo or the registry.
import { execaSync } from 'execa';

export function requireTool(name: string, install: string): void {
  if (execaSync('sh', ['-c', `command -v ${name}`], { reject: false }).exitCode !== 0) {
    throw new Error(`this test needs ${name}, which is not installed: ${install}`);
  }
}
