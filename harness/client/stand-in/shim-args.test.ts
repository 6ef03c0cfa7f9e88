import { describe, expect, it } from 'vitest';
import { parseShimArgs } from './shim-args.js';

describe('the stand-in\'s skopeo command line', () => {
  it('takes what containers-image-proxy-rs passes: global flags, the subcommand, auth and TLS flags, the socket on stdin', () => {
    const got = parseShimArgs(['--debug', 'experimental-image-proxy', '--authfile', '/a.json', '--cert-dir=/c', '--decryption-key', 'k1', '--decryption-key', 'k2', '--tls-verify=false']);
    expect(got).toEqual({
      kind: 'proxy',
      sockfd: 0,
      global: { debug: ['true'] },
      proxy: { authfile: ['/a.json'], 'cert-dir': ['/c'], 'decryption-key': ['k1', 'k2'], 'tls-verify': ['false'] },
    });
  });

  it('reads --sockfd N and accepts a global flag after the subcommand, as cobra does', () => {
    expect(parseShimArgs(['experimental-image-proxy', '--sockfd', '5', '--insecure-policy', '--override-arch', 'arm64'])).toEqual({
      kind: 'proxy',
      sockfd: 5,
      global: { 'insecure-policy': ['true'], 'override-arch': ['arm64'] },
      proxy: { sockfd: ['5'] },
    });
  });

  it('refuses what skopeo refuses: unknown flags, a missing value, a non-boolean boolean, a non-numeric fd, another subcommand', () => {
    expect(parseShimArgs(['experimental-image-proxy', '--bogus'])).toEqual({ kind: 'refused', message: 'unknown flag: --bogus' });
    expect(parseShimArgs(['--policy'])).toEqual({ kind: 'refused', message: 'flag needs an argument: --policy' });
    expect(parseShimArgs(['experimental-image-proxy', '--no-creds=maybe']).kind).toBe('refused');
    expect(parseShimArgs(['experimental-image-proxy', '--sockfd', 'three']).kind).toBe('refused');
    expect(parseShimArgs(['inspect', 'docker://x']).kind).toBe('refused');
  });

  it('answers help and version before anything else, and help when no subcommand is given', () => {
    expect(parseShimArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseShimArgs(['experimental-image-proxy', '--help'])).toEqual({ kind: 'help', subcommand: 'experimental-image-proxy' });
    expect(parseShimArgs([])).toEqual({ kind: 'help', subcommand: null });
  });
});
