// The reference proxy's signature policy: scope lookup, the files it reads, and what an open does
// under reject, accept, a missing file, --insecure-policy and a requirement it cannot evaluate.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { FixtureImage } from '../../images/index.js';
import * as native from '../../native.js';
import { ProxyClient } from '../../protocol/client.js';
import { Transcript } from '../../protocol/transcript.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { serveSession } from '../server/serve-session.js';
import { scratchDir } from '../../test-support/scratch-dir.js';
import { fixtureImage, Session } from '../../test-support/reference-proxy/session.js';
import { parsePolicy, requirementsFor, scopeCandidates } from './policy-document.js';
import { defaultPolicyPath, policySettingOf, SYSTEM_POLICY_PATH, type PolicySetting } from './policy-setting.js';

const scratch = scratchDir('policy');
let simple: FixtureImage;
let layoutDir: string;

beforeAll(async () => {
  simple = await fixtureImage('oci-simple@oci');
  layoutDir = simple.reference.slice('oci:'.length).replace(/:[^:/]*$/, '');
});

function writePolicy(name: string, policy: unknown): string {
  const file = path.join(scratch, name);
  writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy));
  return file;
}

/** The reply to OpenImage (or OpenImageOptional) of the simple image under these proxy arguments. */
async function open(args: string[], method = 'OpenImage') {
  const session = new Session(args);
  try {
    await session.initialize();
    return (await session.reply(method, [simple.reference])).reply;
  } finally {
    await session.end();
  }
}

const accept = [{ type: 'insecureAcceptAnything' }];
const reject = [{ type: 'reject' }];

describe('scope lookup', () => {
  const policy = parsePolicy(JSON.stringify({ default: accept, transports: { oci: { '/a/b': reject, '/a': accept, '': reject } } }), 'p.json');

  test('the exact identity wins, then the nearest parent, then the transport default, then the default', () => {
    expect(requirementsFor(policy, 'oci', '/a/b')).toEqual(reject);
    expect(requirementsFor(policy, 'oci', '/a/c/d')).toEqual(accept);
    expect(requirementsFor(policy, 'oci', '/x')).toEqual(reject);
    expect(requirementsFor(policy, 'dir', '/a/b')).toEqual(accept);
  });

  test('a path scope lists the path and its parents, never "/"', () => {
    expect(scopeCandidates('/a/b/c')).toEqual(['/a/b/c', '/a/b', '/a']);
    expect(scopeCandidates('')).toEqual([]);
  });

  test('a policy without a default, with an empty list or an unknown requirement type is refused naming the file', () => {
    expect(() => parsePolicy('{}', 'p.json')).toThrow('invalid policy in "p.json": Default policy is missing');
    expect(() => parsePolicy('{"default":[]}', 'p.json')).toThrow('must not be empty');
    expect(() => parsePolicy('{"default":[{"type":"maybe"}]}', 'p.json')).toThrow('Unknown policy requirement type "maybe"');
  });

  test('without --policy the user file under HOME is read when it exists, else the system file', () => {
    const home = path.join(scratch, 'home');
    expect(defaultPolicyPath(home)).toBe(SYSTEM_POLICY_PATH);
    mkdirSync(path.join(home, '.config', 'containers'), { recursive: true });
    writePolicy('home/.config/containers/policy.json', { default: accept });
    expect(defaultPolicyPath(home)).toBe(path.join(home, '.config', 'containers', 'policy.json'));
  });
});

describe('opening an image under a policy', () => {
  test('a reject policy fails OpenImage and OpenImageOptional with skopeo 1.20.0\'s words, code other, no id', async () => {
    const file = writePolicy('reject.json', { default: reject });
    for (const method of ['OpenImage', 'OpenImageOptional']) {
      const reply = await open(['--policy', file], method);
      expect(reply).toMatchObject({ success: false, value: null, error_code: 'other', error: `Running image ${simple.reference} is rejected by policy.` });
    }
  });

  test('a missing policy file fails the open with Go\'s open error', async () => {
    const missing = path.join(scratch, 'nonexistent.json');
    expect(await open(['--policy', missing])).toMatchObject({ success: false, error: `open ${missing}: no such file or directory` });
  });

  test('--insecure-policy lets an image through a reject policy', async () => {
    const file = writePolicy('reject.json', { default: reject });
    expect(await open(['--policy', file, '--insecure-policy'])).toMatchObject({ success: true, value: 1 });
  });

  test('a scope entry for the layout or a parent directory overrides the default, either way round', async () => {
    const scoped = writePolicy('scoped.json', { default: accept, transports: { oci: { [layoutDir]: reject } } });
    expect(await open(['--policy', scoped])).toMatchObject({ success: false });
    const parent = writePolicy('parent.json', { default: accept, transports: { oci: { [path.dirname(layoutDir)]: reject } } });
    expect(await open(['--policy', parent])).toMatchObject({ success: false });
    const allowed = writePolicy('allowed.json', { default: reject, transports: { oci: { [layoutDir]: accept } } });
    expect(await open(['--policy', allowed])).toMatchObject({ success: true });
  });

  test('a requirement the proxy cannot evaluate fails the open with a clear message, never accepts', async () => {
    const file = writePolicy('signed.json', { default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: '/k.gpg' }] });
    const reply = await open(['--policy', file]);
    expect(reply.success).toBe(false);
    expect(reply.error).toMatch(/cannot evaluate the policy requirement "signedBy"/);
  });

  test('protocol 0.2.3 never reads the policy, as skopeo 1.9.3', async () => {
    const file = writePolicy('reject.json', { default: reject });
    expect(await open(['--policy', file, '--protocol-version', '0.2.3'])).toMatchObject({ success: true, value: 1 });
  });
});

describe('serveSession in this process', () => {
  /** OpenImage's reply in a session served with this policy setting, as a `skopeo` stand-in passes its flags on. */
  async function openServed(policy: PolicySetting) {
    const [ours, theirs] = native.socketpair();
    const ended = serveSession(theirs, { policy });
    const socket = new PacketSocket(ours);
    const client = new ProxyClient(socket, new Transcript(), new AbortController().signal);
    try {
      await client.call('Initialize', [], { timeoutMs: 3000 });
      const outcome = await client.call('OpenImage', [simple.reference], { timeoutMs: 3000 });
      return outcome.kind === 'reply' ? outcome.json : outcome.kind;
    } finally {
      socket.close();
      await ended;
    }
  }

  test('takes the policy setting as an option: the --policy file, or --insecure-policy over it', async () => {
    const file = writePolicy('reject.json', { default: reject });
    expect(await openServed(policySettingOf(file, false))).toMatchObject({ success: false, error: expect.stringContaining('rejected by policy') });
    expect(await openServed(policySettingOf(file, true))).toMatchObject({ success: true, value: 1 });
  });
});
