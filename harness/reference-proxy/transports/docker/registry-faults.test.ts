// Every registry-path fault changes what a client sees: one scenario per fault through the faulty
// upstream in front of a real registry, against the clean proxy and the proxy with that fault.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FAULT_NAMES, type FaultName } from '../../faults.js';
import type { UpstreamRule } from '../../../registry/upstream-faults.js';
import { expected } from '../../../test-support/reference-proxy/golden.js';
import { RegistryFixtures, registryArgs } from '../../../test-support/reference-proxy/registry.js';
import { Session, withSession } from '../../../test-support/reference-proxy/session.js';

type RegistryFaultName = Extract<FaultName, `registry-${string}`>;

const IDLE_MS = 500;
let r: RegistryFixtures;
let big: { reference: string; layer: { digest: string; size: number } };
let simple: { reference: string };

beforeAll(async () => {
  r = await RegistryFixtures.start();
  const image = r.image('oci-big-layer@docker');
  const layer = expected(image).layers[0];
  if (!layer) throw new Error('oci-big-layer has no layer');
  big = { reference: r.viaUpstream(image), layer };
  simple = { reference: r.viaUpstream(r.image('oci-simple@docker')) };
});

afterAll(async () => {
  await r?.stop();
});

/** GetBlob of the big layer, read whole, and FinishPipe: what a client sees of each. */
async function blob(s: Session) {
  await s.initialize();
  const { reply, payload, finish } = await s.piped('GetBlob', [await s.open(big.reference), big.layer.digest, big.layer.size], { timeoutMs: IDLE_MS * 6 });
  const f = finish.kind === 'reply' ? finish.reply : null;
  return { value: reply.reply.value, code: reply.reply.error_code, bytes: payload.bytes, finish: f && { success: f.success, code: f.error_code } };
}

const onLayer = (fault: UpstreamRule['fault']): UpstreamRule[] => [{ target: { kind: 'blob', digest: big.layer.digest }, fault }];

const SCENARIOS: Record<RegistryFaultName, { rules: () => UpstreamRule[]; run: (s: Session) => Promise<unknown> }> = {
  'registry-retryable-as-other': { rules: () => onLayer({ kind: 'status', status: 503, times: 1 }), run: blob },
  'registry-500-retryable': { rules: () => onLayer({ kind: 'status', status: 500, times: 1 }), run: blob },
  'registry-blob-unknown-final': { rules: () => onLayer({ kind: 'status', status: 404, times: 1, code: 'BLOB_UNKNOWN' }), run: blob },
  'registry-error-as-success': { rules: () => onLayer({ kind: 'truncate', after: 100_000 }), run: blob },
  'registry-no-resume': { rules: () => onLayer({ kind: 'reset', after: 2 * 1024 * 1024, range: true }), run: blob },
  'registry-reconnect-unbounded': {
    // Every Range request is reset right after its 206: no progress, ever.
    rules: () => onLayer({ kind: 'reset', after: 2 * 1024 * 1024, range: true, rangeAfter: 0 }),
    run: async (s) => {
      await s.initialize();
      const { finish } = await s.piped('GetBlob', [await s.open(big.reference), big.layer.digest, big.layer.size], { timeoutMs: 10_000 });
      return finish.kind === 'reply' ? { success: finish.reply?.success, code: finish.reply?.error_code } : finish.kind;
    },
  },
  'registry-no-digest-check': { rules: () => onLayer({ kind: 'corrupt', offset: 1000 }), run: blob },
  'registry-unknown-size-zero': { rules: () => onLayer({ kind: 'chunked' }), run: blob },
  'registry-no-idle-timeout': {
    rules: () => onLayer({ kind: 'stall-body', after: 65_536 }),
    run: async (s) => {
      await s.initialize();
      const got = await s.ok('GetBlob', [await s.open(big.reference), big.layer.digest, big.layer.size]);
      s.take(got.fds[0] as number);
      const finish = await s.call('FinishPipe', [got.reply.pipeid], IDLE_MS * 4);
      return finish.kind === 'reply' ? { success: finish.reply?.success } : finish.kind;
    },
  },
  'registry-manifest-typed-by-content': {
    rules: () => [{ target: { kind: 'manifest' }, fault: { kind: 'content-type', value: 'text/plain' } }],
    run: async (s) => {
      await s.initialize();
      const reply = await s.reply('GetManifest', [await s.open(simple.reference)]);
      return { success: reply.reply.success, error: reply.reply.error };
    },
  },
};

describe('every registry fault changes what a client sees', () => {
  const names = FAULT_NAMES.filter((name): name is RegistryFaultName => name.startsWith('registry-'));
  test.each(names.map((name) => [name]))('%s', async (name) => {
    const scenario = SCENARIOS[name];
    const observe = async (args: string[]) => {
      r.upstream.setRules(scenario.rules());
      return withSession(args, scenario.run);
    };
    const clean = await observe(registryArgs(IDLE_MS));
    const faulty = await observe([...registryArgs(IDLE_MS), '--fault', name]);
    expect(faulty).not.toEqual(clean);
  });
});
