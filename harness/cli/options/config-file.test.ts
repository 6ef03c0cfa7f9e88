import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../../report/reporters.js';
import { scratchDir } from '../../test-support/scratch-dir.js';
import { CONFIG_FILE_NAME, findConfigFile, readConfigFile, readConfigOption, type ConfigFile } from './config-file.js';
import { mergeOptions, type RunFlags } from './run-options.js';

const mergeConfig = (file: ConfigFile | undefined, flags: Partial<RunFlags>) => mergeOptions(file, flags, process.cwd());

const root = scratchDir('config-file-test');

let n = 0;
function writeConfig(json: unknown, name = CONFIG_FILE_NAME): string {
  const dir = path.join(root, `project-${++n}`);
  mkdirSync(dir);
  const file = path.join(dir, name);
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

const FULL = {
  $schema: '../specs/config.schema.json',
  implementations: [{ impl: 'bin/proxy', args: ['--debug'], sockfd: 3, baseline: 'expected/proxy.json', label: 'mine' }],
  run: ['getblob/**', '@flaky.txt'],
  skip: ['tag:slow'],
  level: 'SHOULD',
  jobs: 4,
  timeout: 2000,
  hangTimeout: 9000,
  seed: 7,
  reportDir: 'reports',
  formats: ['json', 'markdown'],
  quiet: true,
  registryBin: 'bin/registry',
  registry: true,
};

describe('reading a config file', () => {
  it('accepts every documented field and resolves relative paths against the file’s directory', () => {
    const file = writeConfig(FULL);
    const dir = path.dirname(file);
    expect(readConfigFile(file)).toEqual({
      source: file,
      implementations: [{ impl: path.join(dir, 'bin/proxy'), args: ['--debug'], sockfd: 3, baseline: path.join(dir, 'expected/proxy.json'), label: 'mine' }],
      run: ['getblob/**', `@${path.join(dir, 'flaky.txt')}`],
      skip: ['tag:slow'],
      level: 'SHOULD',
      jobs: 4,
      timeout: 2000,
      hangTimeout: 9000,
      seed: 7,
      reportDir: path.join(dir, 'reports'),
      formats: ['json', 'markdown'],
      quiet: true,
      registryBin: path.join(dir, 'bin/registry'),
      registry: true,
    });
  });

  it('keeps absolute paths as they are', () => {
    const file = writeConfig({ implementations: [{ impl: '/usr/bin/skopeo' }], reportDir: '/tmp/out' });
    expect(readConfigFile(file)).toMatchObject({ implementations: [{ impl: '/usr/bin/skopeo' }], reportDir: '/tmp/out' });
  });

  it('refuses an unknown key with a PC_CONFIG error naming the file and the path', () => {
    const file = writeConfig({ implementations: [{ impl: 'x', argz: [] }] });
    expect(() => readConfigFile(file)).toThrow(
      expect.objectContaining({ code: 'PC_CONFIG', message: `config file ${file} is invalid: $.implementations[0] must NOT have additional properties ("argz")` }),
    );
    const top = writeConfig({ timeot: 5 });
    expect(() => readConfigFile(top)).toThrow(expect.objectContaining({ message: expect.stringContaining('$ must NOT have additional properties ("timeot")') }));
  });

  it('refuses values of the wrong type or range, naming each path', () => {
    const file = writeConfig({ level: 'MAY', jobs: 0, formats: ['pdf'] });
    let message = '';
    try {
      readConfigFile(file);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('$.level must be equal to one of the allowed values');
    expect(message).toContain('$.jobs must be >= 1');
    expect(message).toContain('$.formats[0] must be equal to one of the allowed values');
  });

  it('every format the schema documents has a reporter', () => {
    expect([...REPORT_FORMATS].sort()).toEqual(['html', 'json', 'junit', 'markdown']);
  });

  it('answers a missing file and a file that is not JSON with PC_CONFIG', () => {
    expect(() => readConfigFile(path.join(root, 'nope.json'))).toThrow(expect.objectContaining({ code: 'PC_CONFIG', message: expect.stringContaining('no such file') }));
    expect(() => readConfigFile(writeConfig('{ "jobs": 2,'))).toThrow(expect.objectContaining({ code: 'PC_CONFIG', message: expect.stringContaining('is not valid JSON') }));
  });

  it('finds the file in the current directory only, and prefers --config', () => {
    const file = writeConfig({ jobs: 3 });
    const dir = path.dirname(file);
    expect(findConfigFile(dir)).toBe(file);
    mkdirSync(path.join(dir, 'sub'));
    expect(findConfigFile(path.join(dir, 'sub'))).toBeUndefined();
    expect(readConfigOption(undefined, path.join(dir, 'sub'))).toBeUndefined();
    expect(readConfigOption(undefined, dir)?.jobs).toBe(3);
    const other = writeConfig({ jobs: 5 }, 'ci.json');
    expect(readConfigOption(path.relative(dir, other), dir)?.jobs).toBe(5);
  });
});

describe('merging with the command line', () => {
  // Its `@flaky.txt` pattern list, beside it, is expanded by the merge.
  const file = (): ConfigFile => {
    const written = writeConfig(FULL);
    writeFileSync(path.join(path.dirname(written), 'flaky.txt'), 'lifecycle/x\n');
    return readConfigFile(written);
  };

  it('takes every value from the file when the command line gives none', () => {
    const config = file();
    expect(mergeConfig(config, { implArg: [], run: [], skip: [] })).toEqual({
      targets: config.implementations,
      run: ['getblob/**', 'lifecycle/x'],
      skip: config.skip,
      level: 'SHOULD',
      jobs: 4,
      timeout: 2000,
      hangTimeout: 9000,
      seed: 7,
      reportDir: config.reportDir,
      formats: config.formats,
      quiet: true,
      configFile: config.source,
      registry: { bin: config.registryBin, disabled: false, from: { bin: `${config.source}: registryBin`, disabled: `"registry": false in ${config.source}` } },
    });
  });

  it('takes the registry choice from the command line over the file, and names where it came from', () => {
    const config = file();
    expect(mergeConfig(config, { registryBin: '/opt/registry' }).registry).toMatchObject({ bin: '/opt/registry', disabled: false, from: { bin: '--registry-bin' } });
    expect(mergeConfig(config, { registry: false }).registry).toMatchObject({ bin: config.registryBin, disabled: true, from: { disabled: '--no-registry' } });
    const off = readConfigFile(writeConfig({ registry: false }));
    expect(mergeConfig(off, {}).registry).toEqual({ bin: undefined, disabled: true, from: { bin: `${off.source}: registryBin`, disabled: `"registry": false in ${off.source}` } });
    expect(mergeConfig(off, { registryBin: '/opt/registry' }).registry).toMatchObject({ bin: '/opt/registry', disabled: false });
    expect(mergeConfig(readConfigFile(writeConfig({ registry: true })), {}).registry).toBeUndefined();
  });

  it('lets each option given on the command line win', () => {
    const merged = mergeConfig(file(), {
      run: ['lifecycle/**'],
      skip: ['x/y'],
      level: 'MUST',
      jobs: 1,
      timeout: 10,
      hangTimeout: 20,
      seed: 0,
      reportDir: 'out',
      format: ['json'],
    });
    expect(merged).toMatchObject({ run: ['lifecycle/**'], skip: ['x/y'], level: 'MUST', jobs: 1, timeout: 10, hangTimeout: 20, seed: 0, reportDir: 'out', formats: ['json'] });
  });

  it('replaces the file’s implementations with --impl', () => {
    expect(mergeConfig(file(), { impl: ['./skopeo'], implArg: ['--tls-verify=false'] }).targets).toEqual([
      { impl: './skopeo', args: ['--tls-verify=false'] },
    ]);
    expect(mergeConfig(file(), { impl: ['a', 'b'], baseline: ['a.json', 'b.json'] }).targets).toEqual([
      { impl: 'a', args: [], baseline: 'a.json' },
      { impl: 'b', args: [], baseline: 'b.json' },
    ]);
  });

  it('replaces every implementation’s args and sockfd, and pairs --baseline with the implementations in order', () => {
    const config = readConfigFile(writeConfig({ implementations: [{ impl: 'a', args: ['--old'], label: 'A' }, { impl: 'b', sockfd: 3 }] }));
    const dir = path.dirname(config.source);
    expect(mergeConfig(config, { implArg: ['--x'], sockfd: 4, baseline: ['a.json', 'b.json'] }).targets).toEqual([
      { impl: path.join(dir, 'a'), args: ['--x'], sockfd: 4, baseline: 'a.json', label: 'A' },
      { impl: path.join(dir, 'b'), args: ['--x'], sockfd: 4, baseline: 'b.json' },
    ]);
  });

  it('refuses a --baseline count that differs from the implementations’', () => {
    const config = readConfigFile(writeConfig({ implementations: [{ impl: 'a' }, { impl: 'b' }] }));
    expect(() => mergeConfig(config, { baseline: ['b.json'] })).toThrow(
      expect.objectContaining({ code: 'PC_USAGE', message: `give one --baseline per implementation (2 implementations in ${config.source}, 1 baselines)` }),
    );
    expect(() => mergeConfig(config, { impl: ['x'], baseline: ['1.json', '2.json'] })).toThrow(expect.objectContaining({ code: 'PC_USAGE' }));
  });

  it('writes no report when the command line says --no-report (reportDir null)', () => {
    expect(mergeConfig(file(), { report: false }).reportDir).toBeNull();
  });

  it('without a file, yields one default implementation and empty selections', () => {
    expect(mergeConfig(undefined, { run: [], skip: [] })).toEqual({ targets: [{ args: [] }], run: [], skip: [], configFile: null });
  });
});
