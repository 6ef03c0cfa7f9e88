import { describe, expect, test } from 'vitest';
import { parseCommandLine, USAGE, UsageError } from './command-line.js';
import { credentialsError } from '../image/system-context.js';

describe('the executable\'s command line', () => {
  test('defaults: fd 0, no faults, no overrides, protocol 0.2.8, TLS verified', () => {
    expect(parseCommandLine([])).toStrictEqual({ sockfd: 0, faults: [], overrides: {}, protocolVersion: '0.2.8', tlsVerify: true, credentials: { noCreds: false } });
  });

  test('--tls-verify is a Go bool flag (bare is true, a value only after =), and --help documents it', () => {
    expect(parseCommandLine(['--tls-verify=false'])).toMatchObject({ tlsVerify: false });
    expect(parseCommandLine(['--tls-verify=false', '--tls-verify'])).toMatchObject({ tlsVerify: true });
    expect(parseCommandLine(['--tls-verify=0', '--sockfd', '3'])).toMatchObject({ tlsVerify: false, sockfd: 3 });
    expect(() => parseCommandLine(['--tls-verify=no'])).toThrow('--tls-verify takes true or false, not "no"');
    expect(() => parseCommandLine(['--tls-verify', 'false'])).toThrow('unknown argument "false"');
    expect(USAGE).toContain('[--tls-verify=false]');
  });

  test("skopeo's credential options are taken as given (a conflict is Initialize's error), and --help documents them", () => {
    expect(parseCommandLine(['--creds', 'u:p', '--no-creds'])).toMatchObject({ credentials: { creds: 'u:p', noCreds: true } });
    expect(parseCommandLine(['--username=u', '--password', 'p', '--no-creds=false'])).toMatchObject({ credentials: { username: 'u', password: 'p', noCreds: false } });
    expect(credentialsError({ creds: 'u:p', noCreds: true })).toBe('creds and no-creds cannot be specified at the same time');
    expect(credentialsError({ username: 'u', noCreds: true })).toBe('username and no-creds cannot be specified at the same time');
    expect(credentialsError({ creds: 'u', username: 'u', noCreds: false })).toBe('creds and username cannot be specified at the same time');
    expect(credentialsError({ username: 'u', noCreds: false })).toBe('password must be specified when username is specified');
    expect(credentialsError({ password: 'p', noCreds: false })).toBe('username must be specified when password is specified');
    expect(credentialsError({ creds: ':p', noCreds: false })).toBe("username can't be empty");
    expect(credentialsError({ creds: 'u', noCreds: false })).toBeNull();
    expect(credentialsError({ noCreds: true })).toBeNull();
    expect(USAGE).toContain('[--creds U[:P]] [--no-creds] [--username U] [--password P]');
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
