import { describe, expect, it } from 'vitest';
import { sessionFlagsOf } from './session-flags.js';

describe('what a client\'s skopeo flags ask of the served session', () => {
  it('passes --policy and --insecure-policy through as skopeo takes them (insecure wins), and defaults to the system policy', () => {
    expect(sessionFlagsOf(['--policy', '/p.json', 'experimental-image-proxy']).policy).toEqual({ kind: 'file', path: '/p.json' });
    expect(sessionFlagsOf(['--policy', '/p.json', '--insecure-policy', 'experimental-image-proxy']).policy).toEqual({ kind: 'insecure' });
    expect(sessionFlagsOf(['experimental-image-proxy', '--insecure-policy=false']).policy).toEqual({ kind: 'default' });
    expect(sessionFlagsOf(['experimental-image-proxy']).policy).toEqual({ kind: 'default' });
  });

  it('passes --tls-verify=false through, and verifies TLS otherwise', () => {
    expect(sessionFlagsOf(['experimental-image-proxy', '--tls-verify=false']).tlsVerify).toBe(false);
    expect(sessionFlagsOf(['experimental-image-proxy']).tlsVerify).toBe(true);
  });

  it('passes --override-os/arch/variant through as the platform an index resolves to', () => {
    expect(sessionFlagsOf(['--override-arch', 'arm64', '--override-variant', 'v8', 'experimental-image-proxy']).platform).toEqual({ architecture: 'arm64', variant: 'v8' });
    expect(sessionFlagsOf(['experimental-image-proxy']).platform).toEqual({});
  });
});
