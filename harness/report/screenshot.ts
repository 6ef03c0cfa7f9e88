// Headless Chromium (Debian's `chromium` package) renders a report: a PNG for people, the DOM after
// the page's script ran for tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { HarnessError } from '../errors.js';

export interface ScreenshotOptions {
  width?: number;
  height?: number;
  timeoutMs?: number;
  /** Appended to the file URL, e.g. `#status=fail`. */
  hash?: string;
}

export async function takeScreenshot(htmlFile: string, pngFile: string, options: ScreenshotOptions = {}): Promise<void> {
  const { width = 1280, height = 1600 } = options;
  await runChromium([`--window-size=${width},${height}`, `--screenshot=${path.resolve(pngFile)}`, urlOf(htmlFile, options.hash)], options.timeoutMs);
}

/** The page's DOM once its scripts have run. */
export async function dumpDom(htmlFile: string, options: Pick<ScreenshotOptions, 'timeoutMs' | 'hash'> = {}): Promise<string> {
  return runChromium(['--dump-dom', urlOf(htmlFile, options.hash)], options.timeoutMs);
}

function urlOf(file: string, hash = ''): string {
  return `${pathToFileURL(path.resolve(file)).href}${hash}`;
}

async function runChromium(args: string[], timeoutMs = 20_000): Promise<string> {
  // A throwaway profile: no state shared between runs, nothing left in $HOME.
  const profile = await mkdtemp(path.join(tmpdir(), 'proxy-conformance-chromium-'));
  try {
    const result = await execa(
      'chromium',
      ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions', `--user-data-dir=${profile}`, ...args],
      { timeout: timeoutMs, reject: false, stdin: 'ignore' },
    );
    if ((result as { code?: string }).code === 'ENOENT') {
      throw new HarnessError('PC_USAGE', 'chromium is not installed (apt-get install chromium)');
    }
    if (result.timedOut) throw new HarnessError('PC_INTERNAL', `chromium did not finish within ${timeoutMs} ms`);
    if (result.exitCode !== 0) throw new HarnessError('PC_INTERNAL', `chromium exited with code ${result.exitCode}: ${result.stderr.split('\n').slice(-3).join(' ')}`);
    return result.stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
