import { describe, expect, test } from 'vitest';
import { parseCommandLine, USAGE, UsageError } from './command-line.js';

describe('the executable\'s command line', () => {
  test('defaults: fd 0, no faults, no overrides, protocol 0.2.8', () => {
    expect(parseCommandLine([])).toEqual({ sockfd: 0, faults: [], overrides: {}, protocolVersion: '0.2.8' });
  });

  test('--protocol-version takes a version the proxy speaks, as --flag V or --flag=V, and --help documents it', () => {
    expect(parseCommandLine(['--protocol-version', '0.2.5'])).toMatchObject({ protocolVersion: '0.2.5' });
    expect(parseCommandLine(['--protocol-version=0.2.1', '--fault', 'double-reply'])).toMatchObject({ protocolVersion: '0.2.1', faults: ['double-reply'] });
    expect(USAGE).toContain('[--protocol-version V]');
  });

  test('a protocol version outside 0.2.1 to 0.2.8, or not x.y.z, is a usage error', () => {
    for (const version of ['0.2.0', '0.3.0', 'latest', '0.2.8-rc1']) {
      expect(() => parseCommandLine(['--protocol-version', version])).toThrow(UsageError);
    }
    expect(() => parseCommandLine(['--protocol-version'])).toThrow('--protocol-version needs a value');
  });

  test('--policy FILE and --insecure-policy choose the policy as skopeo\'s flags do; --insecure-policy wins', () => {
    expect(parseCommandLine(['--policy', '/p.json'])).toMatchObject({ policy: { kind: 'file', path: '/p.json' } });
    expect(parseCommandLine(['--policy=/p.json', '--insecure-policy'])).toMatchObject({ policy: { kind: 'insecure' } });
    expect(parseCommandLine(['--insecure-policy=false', '--policy', '/p.json'])).toMatchObject({ policy: { kind: 'file', path: '/p.json' } });
    expect(() => parseCommandLine(['--insecure-policy=maybe'])).toThrow('--insecure-policy takes true or false');
    expect(USAGE).toContain('[--policy FILE] [--insecure-policy]');
  });
});
