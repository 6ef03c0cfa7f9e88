import { describe, expect, test } from 'vitest';
import { parseCommandLine, USAGE, UsageError } from './command-line.js';

describe('the executable\'s command line', () => {
  test('defaults: fd 0, no faults, no overrides, protocol 0.2.8, TLS verified', () => {
    expect(parseCommandLine([])).toStrictEqual({ sockfd: 0, faults: [], overrides: {}, protocolVersion: '0.2.8', tlsVerify: true });
  });

  test('--tls-verify is a Go bool flag (bare is true, a value only after =), and --help documents it', () => {
    expect(parseCommandLine(['--tls-verify=false'])).toMatchObject({ tlsVerify: false });
    expect(parseCommandLine(['--tls-verify=false', '--tls-verify'])).toMatchObject({ tlsVerify: true });
    expect(parseCommandLine(['--tls-verify=0', '--sockfd', '3'])).toMatchObject({ tlsVerify: false, sockfd: 3 });
    expect(() => parseCommandLine(['--tls-verify=no'])).toThrow('--tls-verify takes true or false, not "no"');
    expect(() => parseCommandLine(['--tls-verify', 'false'])).toThrow('unknown argument "false"');
    expect(USAGE).toContain('[--tls-verify=false]');
  });

  test('the hidden --registry-idle-timeout-ms takes a positive whole number of milliseconds', () => {
    expect(parseCommandLine(['--registry-idle-timeout-ms', '250'])).toMatchObject({ registryIdleTimeoutMs: 250 });
    expect(parseCommandLine(['--registry-idle-timeout-ms=1000'])).toMatchObject({ registryIdleTimeoutMs: 1000 });
    for (const value of ['0', '-5', '1.5', 'soon']) {
      expect(() => parseCommandLine(['--registry-idle-timeout-ms', value])).toThrow(UsageError);
    }
    expect(USAGE).not.toContain('idle-timeout');
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
