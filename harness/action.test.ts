import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, REPO_ROOT } from './test-support/paths.js';
import { scratchDir } from './test-support/scratch-dir.js';
import { requireSkopeo } from './test-support/skopeo.js';

interface CompositeStep {
  name: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: CompositeStep[] };
};
const scratch = scratchDir('action');

function stepNamed(name: string): CompositeStep {
  const step = action.runs.steps.find((s) => s.name === name);
  if (step === undefined) throw new Error(`action.yml has no step "${name}"`);
  return step;
}

describe('the composite GitHub Action', () => {
  it('passes only options the command line has', async () => {
    const help = (await execa('node', [CLI, '--help'])).stdout;
    const flags = [...stepNamed('Run the suite').run.matchAll(/(--[a-z][a-z-]+)/g)].map((m) => m[1] as string);
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of new Set(flags)) expect(help, flag).toContain(flag);
  });

  it('builds with scripts the package has', () => {
    const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const m of stepNamed('Build proxy-conformance from the action\'s checkout').run.matchAll(/npm run ([\w:-]+)/g)) {
      expect(scripts[m[1] as string], m[1]).toBeDefined();
    }
  });

  it('runs the suite as written: its run step against skopeo gates, writes the reports and appends the summary', async () => {
    const step = stepNamed('Run the suite');
    const reportDir = path.join(scratch, 'report');
    const summary = path.join(scratch, 'step-summary.md');
    const inputs: Record<string, string> = { impl: requireSkopeo(), baseline: '', 'report-dir': reportDir, args: '--run tag:smoke --level MUST' };
    // The step's env maps inputs through `${{ inputs.NAME }}`; fill them as the runner would.
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([key, value]) => [key, value.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_, name: string) => inputs[name] ?? '')]),
    );
    const result = await execa('bash', ['-c', step.run], {
      env: { ...env, GITHUB_ACTION_PATH: REPO_ROOT, GITHUB_STEP_SUMMARY: summary, NO_COLOR: '1' },
      cwd: scratch,
      reject: false,
    });
    expect(result.stdout).toMatch(/^7 passed, 0 failed$/m);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/\| \*\*skopeo\*\*.*\| 7 \| 0 \|/);
    expect(readFileSync(path.join(reportDir, 'results.json'), 'utf8')).toContain('"lifecycle/initialize-semver"');
  });
});
