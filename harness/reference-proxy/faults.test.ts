// Every fault must change what a client can observe: one scenario per fault, run against the clean
// proxy and against the proxy with that fault, and the two observations must differ.
import { openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CallOutcome } from '../protocol/client.js';
import type { FixtureImage } from '../images/index.js';
import { FAULTS, FAULT_NAMES, type FaultName } from './faults.js';
import { runReferenceProxy } from './executable/run-reference-proxy.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { countOpenFds, fixtureImage, Session, type Piped } from '../test-support/reference-proxy/session.js';

interface Images {
  simple: FixtureImage;
  big: FixtureImage;
  corrupt: FixtureImage;
  index: FixtureImage;
  schema2: FixtureImage;
  foreignIndex: FixtureImage;
  missingConfig: FixtureImage;
  schema1: FixtureImage;
  missingManifest: FixtureImage;
  indexNotAList: FixtureImage;
  unknownMediaType: FixtureImage;
  signedSchema1Body: FixtureImage;
}

let images: Images;
const scratch = { path: scratchDir('faults-policy') };

const REJECT = JSON.stringify({ default: [{ type: 'reject' }] });
const ACCEPT = JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] });

/** A policy file in the scratch dir; the proxy reads it only when an image is opened. */
function policyFile(name: string, text: string): string {
  const file = path.join(scratch.path, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  images = {
    simple: await fixtureImage('oci-simple@oci'),
    big: await fixtureImage('oci-big-layer@oci'),
    corrupt: await fixtureImage('neg-corrupt-blob@oci'),
    index: await fixtureImage('oci-index@oci'),
    schema2: await fixtureImage('docker-schema2@dir'),
    foreignIndex: await fixtureImage('neg-foreign-index@oci'),
    missingConfig: await fixtureImage('neg-missing-config@oci'),
    schema1: await fixtureImage('neg-schema1@dir'),
    missingManifest: await fixtureImage('neg-missing-manifest@oci'),
    indexNotAList: await fixtureImage('neg-index-not-a-list@oci'),
    unknownMediaType: await fixtureImage('neg-unknown-media-type@oci'),
    signedSchema1Body: await fixtureImage('neg-signed-schema1-body@oci'),
  };
});

/** What a client sees of one call: the envelope's keys and fields, fd count, or no reply at all. */
function seen(outcome: CallOutcome) {
  if (outcome.kind !== 'reply') return { kind: outcome.kind };
  const json = outcome.json as Record<string, unknown> | undefined;
  return {
    keys: json ? Object.keys(json) : outcome.raw.toString(),
    success: json?.success,
    value: json?.value,
    pipeid: json?.pipeid !== 0,
    error_code: json?.error_code,
    error: json?.error,
    fds: outcome.fds.length,
  };
}

function seenPiped(p: Piped) {
  return { reply: seen(p.reply), payload: { bytes: p.payload.bytes, sha256: p.payload.sha256, end: p.payload.end }, finish: seen(p.finish) };
}

function layer(image: FixtureImage, which: 'small' | 'large') {
  const layers = image.expected?.layers ?? [];
  const found = which === 'large' ? layers.find((l) => l.size > 64 * 1024) : layers.find((l) => l.size < 64 * 1024);
  if (!found) throw new Error(`${image.id} has no ${which} layer`);
  return found;
}

async function ready(s: Session, image: FixtureImage = images.simple): Promise<number> {
  await s.call('Initialize');
  const r = await s.call('OpenImage', [image.reference]);
  return r.kind === 'reply' ? (r.reply?.value as number) : -1;
}

type Scenario = (s: Session) => Promise<unknown>;

/** Arguments some scenarios need on both proxies, e.g. the policy they run under. */
const SCENARIO_ARGS: Partial<Record<FaultName, () => string[]>> = {
  'policy-ignored': () => ['--policy', policyFile('reject.json', REJECT)],
  'policy-system-default': () => ['--policy', policyFile('reject.json', REJECT)],
  'policy-not-on-optional': () => ['--policy', policyFile('reject.json', REJECT)],
  'policy-read-once': () => ['--policy', path.join(scratch.path, 'changing.json')],
  // The last --sockfd wins: /dev/null instead of the session's socket.
  'not-a-socket-exit-0': () => ['--sockfd', String(openSync('/dev/null', 'r'))],
  'image-options-unchecked': () => ['--creds', 'user:secret', '--no-creds'],
};

/** The registry path's faults are shown against a registry, in transports/docker/registry-faults.test.ts. */
type LocalFaultName = Exclude<FaultName, `registry-${string}`>;

const SCENARIOS: Record<LocalFaultName, Scenario> = {
  'error-code-missing': async (s) => seen(await s.call('Initialize')),
  'error-code-empty-on-failure': async (s) => seen(await s.call('Bogus')),
  'empty-error-on-failure': async (s) => seen(await s.call('Bogus')),
  'double-reply': async (s) => {
    await s.call('Initialize');
    return seen(await s.call('Bogus'));
  },
  'reply-to-shutdown': async (s) => (await s.call('Shutdown', [], 1000)).kind,
  'shutdown-exit-1': async (s) => {
    await s.call('Shutdown', [], 1000);
    return s.end();
  },
  'eof-exit-1': async (s) => {
    await s.call('Initialize');
    return s.end();
  },
  'crash-on-unknown-method': async (s) => ({ reply: seen(await s.call('Bogus', [], 1000)), exit: await s.end() }),
  'hang-on-oversized-request': async (s) => {
    await s.call('Initialize');
    return seen(await s.raw('{"method":"Bogus"}'.padEnd(40 * 1024, ' '), 500));
  },
  'not-a-socket-exit-0': async (s) => s.waitForExit(),
  'read-error-exit-0': async (s) => {
    await s.call('Initialize');
    // A request whose reply is left unread in the socket as it closes: the proxy's next read is ECONNRESET.
    await s.client.send(Buffer.from('{"method":"Initialize","args":[]}'));
    await s.socket.waitUntilReadable(AbortSignal.timeout(2000));
    s.socket.close();
    return s.waitForExit();
  },
  'send-error-exit-0': async (s) => {
    const l = layer(images.simple, 'large');
    const r = await s.reply('GetBlob', [await ready(s), l.digest, l.size]);
    const fd = s.take(r.fds[0] as number);
    // FinishPipe waits for a writer the full pipe holds back; the socket closes, then the pipe drains.
    await s.client.send(Buffer.from(JSON.stringify({ method: 'FinishPipe', args: [r.reply.pipeid] })));
    s.socket.close();
    await s.drain(fd);
    return s.waitForExit();
  },
  'fd-leak-per-request': async (s) => {
    await s.call('Initialize');
    const before = countOpenFds();
    for (let i = 0; i < 20; i++) await s.call('Bogus');
    return countOpenFds() - before >= 10 ? 'grew' : 'flat';
  },
  'version-not-semver': async (s) => seen(await s.call('Initialize')),
  'no-get-raw-blob': async (s) => seen(await s.call('GetRawBlob', [await ready(s), layer(images.simple, 'small').digest])),
  'image-options-unchecked': async (s) => seen(await s.call('Initialize')),
  'second-initialize-succeeds': async (s) => {
    await s.call('Initialize');
    return seen(await s.call('Initialize'));
  },
  'no-initialize-check': async (s) => seen(await s.call('OpenImage', [images.simple.reference])),
  'image-id-zero': async (s) => ready(s),
  'reused-image-ids': async (s) => {
    const first = await ready(s);
    await s.call('CloseImage', [first]);
    return [first, seen(await s.call('OpenImage', [images.simple.reference])).value];
  },
  'close-image-keeps-image': async (s) => {
    const id = await ready(s);
    await s.call('CloseImage', [id]);
    return seen(await s.call('GetLayerInfo', [id])).success;
  },
  'image-slots-never-freed': async (s) => {
    // Seventeen images in turn, each closed before the next opens: only the fault runs out.
    await s.call('Initialize');
    const opened: boolean[] = [];
    for (let i = 0; i < 17; i++) {
      const reply = seen(await s.call('OpenImage', [images.simple.reference]));
      opened.push(reply.success === true);
      if (reply.success === true) await s.call('CloseImage', [reply.value]);
    }
    return opened;
  },
  'optional-missing-is-error': async (s) => {
    await s.call('Initialize');
    return seen(await s.call('OpenImageOptional', [images.simple.reference.replace(/:latest$/, ':nosuchtag')]));
  },
  'wrong-manifest-byte': async (s) => seenPiped(await s.piped('GetManifest', [await ready(s)])).payload,
  'wrong-manifest-digest': async (s) => seenPiped(await s.piped('GetManifest', [await ready(s)])).reply.value,
  'index-not-resolved': async (s) => seenPiped(await s.piped('GetManifest', [await ready(s, images.index)])),
  'manifest-value-is-index-digest': async (s) => seenPiped(await s.piped('GetManifest', [await ready(s, images.index)])).reply.value,
  'schema2-not-converted': async (s) => seenPiped(await s.piped('GetManifest', [await ready(s, images.schema2)])).payload,
  'get-config-full': async (s) => seenPiped(await s.piped('GetConfig', [await ready(s)])).payload,
  'wrong-layer-info-size': async (s) => seen(await s.call('GetLayerInfo', [await ready(s)])).value,
  'manifest-layer-size-wrong': async (s) => seenPiped(await s.piped('GetManifest', [await ready(s)])),
  'blob-retryable-once': async (s) => {
    const l = layer(images.simple, 'small');
    return seen(await s.call('GetBlob', [await ready(s), l.digest, l.size]));
  },
  'crash-mid-session': async (s) => {
    const l = layer(images.simple, 'small');
    return { reply: seen(await s.call('GetBlob', [await ready(s), l.digest, l.size], 1000)), exit: await s.end() };
  },
  'no-reply-to-blob': async (s) => {
    const l = layer(images.simple, 'small');
    return seen(await s.call('GetRawBlob', [await ready(s), l.digest], 800));
  },
  'raw-blob-error-after-data': async (s) => {
    const r = await s.reply('GetRawBlob', [await ready(s), layer(images.simple, 'small').digest]);
    const [data, err] = r.fds.map((fd) => s.take(fd)) as [number, number];
    const [, e] = await Promise.all([s.drain(data), s.drain(err)]);
    return e.data?.toString();
  },
  'finish-pipe-epipe': async (s) => seenPiped(await s.piped('GetManifest', [await ready(s)])).finish,
  'open-reads-manifest': async (s) => seen((await s.call('Initialize'), await s.call('OpenImage', [images.missingManifest.reference]))),
  'schema1-served': async (s) => seen(await s.call('GetManifest', [await ready(s, images.schema1)])),
  'no-platform-uses-first': async (s) => seen(await s.call('GetLayerInfo', [await ready(s, images.foreignIndex)])),
  'missing-config-empty': async (s) => seen(await s.call('GetFullConfig', [await ready(s, images.missingConfig)])),
  'index-manifests-type-unchecked': async (s) => ({ reply: seen(await s.call('GetManifest', [await ready(s, images.indexNotAList)], 1000)), exit: await s.end() }),
  'unknown-manifest-type-served': async (s) => {
    await s.call('Initialize');
    const untagged = images.unknownMediaType.reference.replace(/:latest$/, '');
    return seen(await s.call('GetManifest', [seen(await s.call('OpenImage', [untagged])).value]));
  },
  'jws-not-stripped': async (s) => seen(await s.call('GetManifest', [await ready(s, images.signedSchema1Body)])),
  'layer-info-oci-media-types': async (s) => seen(await s.call('GetLayerInfo', [await ready(s, images.schema2)])).value,
  'truncated-blob': async (s) => {
    const l = layer(images.simple, 'large');
    return seenPiped(await s.piped('GetBlob', [await ready(s), l.digest, l.size]));
  },
  'extra-blob-byte': async (s) => {
    const l = layer(images.simple, 'small');
    return seenPiped(await s.piped('GetBlob', [await ready(s), l.digest, l.size]));
  },
  'blob-size-ignored': async (s) => {
    const l = layer(images.simple, 'small');
    return seenPiped(await s.piped('GetBlob', [await ready(s), l.digest, l.size + 1])).finish;
  },
  'finish-pipe-ignores-digest': async (s) => {
    const digest = images.corrupt.refusal?.digest as string;
    const size = images.corrupt.expected?.layers.find((l) => l.digest === digest)?.size;
    return seenPiped(await s.piped('GetBlob', [await ready(s, images.corrupt), digest, size])).finish;
  },
  'get-blob-checks-size-early': async (s) => {
    const l = layer(images.simple, 'small');
    return seenPiped(await s.piped('GetBlob', [await ready(s), l.digest, l.size + 1])).reply;
  },
  'get-blob-value-unknown': async (s) => {
    const l = layer(images.simple, 'small');
    return seenPiped(await s.piped('GetBlob', [await ready(s), l.digest, l.size])).reply.value;
  },
  'stall-mid-blob': async (s) => {
    const l = layer(images.simple, 'large');
    return seenPiped(await s.piped('GetBlob', [await ready(s), l.digest, l.size], { timeoutMs: 800 }));
  },
  'raw-blob-without-error-fd': async (s) => seen(await s.call('GetRawBlob', [await ready(s), layer(images.simple, 'small').digest])).fds,
  'raw-blob-error-not-json': async (s) => {
    const r = await s.reply('GetRawBlob', [await ready(s, images.big), layer(images.big, 'large').digest]);
    const [data, err] = r.fds.map((fd) => s.take(fd)) as [number, number];
    s.closeFd(data);
    return (await s.drain(err)).data?.toString();
  },
  'raw-blob-error-write-crashes': async (s) => {
    const r = await s.reply('GetRawBlob', [await ready(s), layer(images.simple, 'large').digest]);
    const [data, err] = r.fds.map((fd) => s.take(fd)) as [number, number];
    s.closeFd(err);
    s.closeFd(data);
    // The writer meets the closed pipes once it has read its next chunk of the blob: the fault's crash
    // ends the session then (exit 2); the clean proxy serves on until the wait gives up and aborts it (1).
    return s.waitForExit(1000);
  },
  'raw-blob-pipeid': async (s) => seen(await s.call('GetRawBlob', [await ready(s), layer(images.simple, 'small').digest])).pipeid,
  'raw-blob-verifies': async (s) => {
    const r = await s.reply('GetRawBlob', [await ready(s, images.corrupt), images.corrupt.refusal?.digest]);
    const [data, err] = r.fds.map((fd) => s.take(fd)) as [number, number];
    const [, e] = await Promise.all([s.drain(data), s.drain(err)]);
    return e.data?.toString();
  },
  'pipeid-without-fd': async (s) => seen(await s.call('GetManifest', [await ready(s)])).fds,
  'fd-without-pipeid': async (s) => seen(await s.call('GetManifest', [await ready(s)])).pipeid,
  'two-fds-on-get-blob': async (s) => {
    const l = layer(images.simple, 'small');
    return seen(await s.call('GetBlob', [await ready(s), l.digest, l.size])).fds;
  },
  'epipe-reported-as-other': async (s) => {
    const l = layer(images.simple, 'large');
    const r = await s.reply('GetBlob', [await ready(s), l.digest, l.size]);
    s.closeFd(s.take(r.fds[0] as number));
    return seen(await s.call('FinishPipe', [r.reply.pipeid])).error_code;
  },
  'write-end-closed-early': async (s) => {
    const r = await s.reply('GetManifest', [await ready(s)]);
    return (await s.drain(s.take(r.fds[0] as number), { timeoutMs: 300 })).end;
  },
  'write-end-never-closed': async (s) => {
    const r = await s.reply('GetManifest', [await ready(s)]);
    await s.call('FinishPipe', [r.reply.pipeid]);
    return (await s.drain(s.take(r.fds[0] as number), { timeoutMs: 300 })).end;
  },
  'finish-pipe-does-not-wait': async (s) => {
    const l = layer(images.simple, 'large');
    const r = await s.reply('GetBlob', [await ready(s), l.digest, l.size]);
    s.take(r.fds[0] as number);
    return (await s.call('FinishPipe', [r.reply.pipeid], 400)).kind;
  },
  'finish-pipe-unknown-succeeds': async (s) => {
    await s.call('Initialize');
    return seen(await s.call('FinishPipe', [12345]));
  },
  'finish-pipe-no-args-replies': async (s) => {
    await s.call('Initialize');
    return { reply: seen(await s.call('FinishPipe', [], 1000)), exit: await s.end() };
  },
  'case-sensitive-keys': async (s) => seen(await s.raw('{"METHOD":"Initialize","ARGS":[]}')),
  'zero-length-packet-replies': async (s) => {
    await s.call('Initialize');
    return seen(await s.raw(Buffer.alloc(0), 500));
  },
  'oversized-request-rejected': async (s) => {
    await s.call('Initialize');
    return seen(await s.raw(JSON.stringify({ method: 'OpenImage', args: [images.simple.reference] }).padEnd(40 * 1024, ' ')));
  },
  'fractional-numbers-rejected': async (s) => seen(await s.call('CloseImage', [(await ready(s)) + 0.5])),
  'policy-ignored': async (s) => seen((await s.call('Initialize'), await s.call('OpenImage', [images.simple.reference]))),
  'policy-system-default': async (s) => seen((await s.call('Initialize'), await s.call('OpenImage', [images.simple.reference]))),
  'policy-not-on-optional': async (s) => seen((await s.call('Initialize'), await s.call('OpenImageOptional', [images.simple.reference]))),
  'policy-read-once': async (s) => {
    policyFile('changing.json', ACCEPT);
    await ready(s);
    policyFile('changing.json', REJECT);
    return seen(await s.call('OpenImage', [images.simple.reference]));
  },
};

async function observe(args: string[], scenario: Scenario): Promise<unknown> {
  const session = new Session(args);
  try {
    return await scenario(session);
  } catch (error) {
    return { threw: (error as Error).message };
  } finally {
    await session.end(500);
  }
}

describe('the fault table', () => {
  test('has at least 30 faults, each with a unique name, a description and the behaviour it breaks', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(FAULT_NAMES).size).toBe(FAULTS.length);
    for (const f of FAULTS) {
      expect(f.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.breaks.length).toBeGreaterThan(10);
    }
  });

  test('an unknown fault is a usage error: one sentence on stderr, exit 2', async () => {
    let stderr = '';
    const code = await runReferenceProxy(['--fault', 'no-such-fault'], { stderr: (t) => (stderr += t) });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^reference-proxy: unknown fault "no-such-fault" \(run with --list-faults to see the \d+ known ones\)\n$/);
  });

  test('--list-faults prints every fault with what it breaks, and exits 0', async () => {
    let stdout = '';
    expect(await runReferenceProxy(['--list-faults'], { stdout: (t) => (stdout += t) })).toBe(0);
    for (const f of FAULTS) expect(stdout).toContain(`${f.name}`);
    expect(stdout.match(/breaks: /g)?.length).toBe(FAULTS.length);
  });
});

describe('every fault changes observable behaviour against the clean proxy', () => {
  const local = FAULT_NAMES.filter((name): name is LocalFaultName => !name.startsWith('registry-'));
  test.each(local.map((name) => [name]))('%s', async (name) => {
    const scenario = SCENARIOS[name];
    const args = SCENARIO_ARGS[name]?.() ?? [];
    const clean = await observe(args, scenario);
    const faulty = await observe([...args, '--fault', name], scenario);
    expect(clean).not.toHaveProperty('threw');
    expect(faulty).not.toEqual(clean);
  });
});
