// Headless Chromium (Debian's `chromium` package) renders a report: a PNG for people, the DOM after
// the page's script ran for tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { HarnessError } from '../errors.js';
import { PROCESS_STUCK_MS } from './stuck.js';

interface ScreenshotOptions {
  width?: number;
  height?: number;
  timeoutMs?: number;
}

/** Writes a PNG of the page's first `width`×`height` pixels. */
export async function takeScreenshot(htmlFile: string, pngFile: string, options: ScreenshotOptions = {}): Promise<void> {
  const { width = 1280, height = 1600, timeoutMs } = options;
  const url = pathToFileURL(path.resolve(htmlFile)).href;
  await runChromium([`--window-size=${width},${height}`, `--screenshot=${path.resolve(pngFile)}`, url], timeoutMs);
}

/** The DOM of `url` (a `file://` URL, hash included) once the page's script has run. */
export async function dumpDom(url: string, timeoutMs?: number): Promise<string> {
  return runChromium(['--dump-dom', url], timeoutMs);
}

async function runChromium(args: string[], timeoutMs = PROCESS_STUCK_MS): Promise<string> {
  // A throwaway profile: no state shared between runs, nothing left in $HOME.
  const profile = await mkdtemp(path.join(tmpdir(), 'proxy-conformance-chromium-'));
  try {
    const result = await execa(
      'chromium',
      ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions', `--user-data-dir=${profile}`, ...args],
      { timeout: timeoutMs, reject: false, stdin: 'ignore' },
    );
    if ((result as { code?: string }).code === 'ENOENT') {
      throw new HarnessError('PC_USAGE', 'chromium was not found on PATH; install it with `apt-get install chromium`', { cause: result });
    }
    if (result.timedOut) throw new HarnessError('PC_INTERNAL', `chromium did not finish within ${timeoutMs} ms`);
    if (result.exitCode !== 0) throw new HarnessError('PC_INTERNAL', `chromium exited with code ${result.exitCode}: ${result.stderr.split('\n').slice(-3).join(' ')}`);
    return result.stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
