// README's option list and `--help` are two texts about one table: every run option the table has is
// in the README, and every default --help shows is the default README gives.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/paths.js';
import { RUN_OPTIONS } from './option-table.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const running = readme.slice(readme.indexOf('## Running it'), readme.indexOf('Subcommands:'));
/** The README bullets (`- …` up to the next bullet), one string each, lines joined. */
const bullets = running.split(/\n(?=- )/).map((b) => b.replace(/\s*\n\s*/g, ' '));

describe('README and --help', () => {
  const entries = Object.values(RUN_OPTIONS).map((e) => ({ flag: e.flags.split(' ')[0]!, help: e.help }));

  it.each(entries.map((e) => [e.flag, e]))('README names %s', (flag) => {
    expect(running).toContain(`\`${flag}`);
  });

  const withDefault = entries.filter((e) => /\(.*default: [^)]+\)$/.test(e.help));
  it.each(withDefault.map((e) => [e.flag, e]))('README gives %s the default --help shows', (flag, e) => {
    const shown = /default: ([^)]+)\)$/.exec(e.help)![1]!.replace(/`/g, '');
    const bullet = bullets.find((b) => b.includes(`\`${flag}`));
    expect(bullet, flag).toBeDefined();
    // README writes "(default 5000)" or "(default: 2, …)" or "(default `reports/…`)": compare the value.
    expect(bullet!.replace(/`/g, ''), `${flag}: default ${shown}`).toMatch(new RegExp(`default:? ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('shows a default for --timeout, --hang-timeout, --seed, --jobs and --report-dir', () => {
    for (const flag of ['--timeout', '--hang-timeout', '--seed', '--jobs', '--report-dir']) expect(withDefault.map((e) => e.flag), flag).toContain(flag);
  });
});
