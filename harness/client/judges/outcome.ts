// Judges of how the fetch ended: the exit code, the message on stderr, and every byte written to
// PC_OUT against the fixture's golden content.
import { createHash } from 'node:crypto';
import type { Verdict } from '../../verdicts/verdict.js';
import type { Judge, JudgeInput } from '../client-case.js';
import type { ClientObservation } from '../stand-in/observation.js';
import { describeProxy } from '../proxy-described.js';
import { quote } from '../../printable.js';

const fail = (message: string): Verdict => ({ status: 'fail', message });

/** The last line the client wrote to stderr, quoted, for messages. */
export function lastWords(o: ClientObservation): string {
  const line = o.stderrTail.trim().split('\n').at(-1)?.trim() ?? '';
  return line === '' ? 'nothing on stderr' : quote(line);
}

function describeExit(o: ClientObservation): string {
  if (o.exit === null) return 'never exited';
  return o.exit.signal !== null ? `was killed by ${o.exit.signal}` : `exited ${o.exit.code}`;
}

/** What in PC_OUT is not golden, or null when all of it is (or nothing was written). */
export function wrongBytes({ observation: { output }, image }: JudgeInput): string | null {
  if (output.manifest !== null && !output.manifest.equals(image.manifest.bytes)) return `PC_OUT/manifest is not the image's manifest (${output.manifest.length} bytes)`;
  if (output.config !== null && !output.config.equals(image.config.bytes)) return `PC_OUT/config is not the image's config (${output.config.length} bytes)`;
  const known = new Set([...image.layers.map((l) => l.digest), image.config.digest]);
  for (const [hex, bytes] of output.blobs) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== hex) return `PC_OUT/blobs/sha256/${hex.slice(0, 12)}… holds bytes whose digest is sha256:${actual.slice(0, 12)}…`;
    if (!known.has(`sha256:${hex}`)) return `PC_OUT/blobs/sha256/${hex.slice(0, 12)}… is not a blob of the image`;
  }
  return null;
}

function wroteNothing({ output }: ClientObservation): boolean {
  return output.manifest === null && output.config === null && output.blobs.size === 0;
}

/** Against a proxy that serves the image (faults and all): exit 0. */
export const exitsZero: Judge = ({ observation: o, profile }) => {
  if (o.exit === null || (o.exit.code === 0 && o.exit.signal === null)) return null;
  return fail(`the client ${describeExit(o)} against ${describeProxy(profile)}: ${lastWords(o)}`);
};

/** The image's parts the client fetched, from the trace: a successful GetManifest, and each blob by digest. */
function fetchedInTrace({ observation, image }: JudgeInput): { manifest: boolean; layers: number; anything: boolean } {
  const ok = observation.sessions.flatMap((s) => s.requests).filter((r) => r.reply?.success === true);
  const blobs = new Set(ok.filter((r) => r.method === 'GetBlob' || r.method === 'GetRawBlob').map((r) => String(r.args[1])));
  const manifest = ok.some((r) => r.method === 'GetManifest');
  const payloads = ok.some((r) => ['GetManifest', 'GetConfig', 'GetFullConfig', 'GetBlob', 'GetRawBlob'].includes(r.method ?? ''));
  return { manifest, layers: image.layers.filter((l) => blobs.has(l.digest)).length, anything: payloads };
}

/** "I got it" from a client that fetched nothing at all, or null when it fetched something. */
function fetchedNothing(input: JudgeInput): string | null {
  const o = input.observation;
  if (!wroteNothing(o) || fetchedInTrace(input).anything) return null;
  const started = o.sessions.some((s) => s.hello.refused === null);
  return `the client exited 0 but fetched nothing: ${started ? 'no GetManifest, config or blob request of it succeeded' : 'it never started the proxy'}, and it wrote nothing to PC_OUT`;
}

/**
 * Everything written is golden, and all of it is there. A client that writes nothing is judged on
 * its trace: fetching nothing at all is a failure, fetching the manifest and every layer a pass, and
 * anything between cannot be told from a fetch that stopped early (n/a, saying what it fetched).
 */
export const writesGoldenImage: Judge = (input) => {
  const o = input.observation;
  if (o.exit === null || o.exit.code !== 0) return null;
  const nothing = fetchedNothing(input);
  if (nothing !== null) return fail(nothing);
  if (wroteNothing(o)) {
    const got = fetchedInTrace(input);
    if (got.manifest && got.layers === input.image.layers.length) return null;
    return { status: 'not-applicable', reason: `the client writes nothing to PC_OUT and fetched ${got.manifest ? 'the manifest' : 'no manifest'} and ${got.layers} of ${input.image.layers.length} layers, so whether it fetches the image cannot be told` };
  }
  const wrong = wrongBytes(input);
  if (wrong !== null) return fail(wrong);
  if (o.output.manifest === null) return fail('the client exited 0 but wrote no PC_OUT/manifest');
  if (o.output.config === null) return fail('the client exited 0 but wrote no PC_OUT/config');
  const missing = input.image.layers.filter((l) => !o.output.blobs.has(l.digest.slice('sha256:'.length)));
  if (missing.length > 0) return fail(`the client exited 0 but wrote ${missing.length} of ${input.image.layers.length} layers nowhere (first: ${missing[0]?.digest})`);
  return null;
};

/** A failure must be reported: non-zero exit with a message. `what` says what the proxy did wrong. */
export function detectsFailure(what: string): Judge {
  return (input) => {
    const o = input.observation;
    if (o.exit === null) return null;
    if (o.exit.code === 0 && o.exit.signal === null) {
      const wrong = wrongBytes(input);
      return fail(`the client exited 0 although ${what}${wrong !== null ? `; ${wrong}` : ''}`);
    }
    if (o.stderrTail.trim() === '') return fail(`the client ${describeExit(o)} without a message on stderr (the proxy: ${what})`);
    return null;
  };
}

/** Either outcome is right: the image, golden, or a non-zero exit with a message. */
export function fetchesOrFailsClearly(what: string): Judge {
  return (input) => {
    const o = input.observation;
    if (o.exit === null) return null;
    if (o.exit.code === 0 && o.exit.signal === null) {
      const nothing = fetchedNothing(input);
      if (nothing !== null) return fail(`${nothing} (${what})`);
      const wrong = wrongBytes(input);
      if (wrong !== null) return fail(`the client exited 0 with wrong bytes (${what}): ${wrong}`);
      // "I got it" with part of the image is not getting it: all of it must be there, golden.
      const golden = writesGoldenImage(input);
      if (golden?.status === 'fail') return fail(`${golden.message} (${what})`);
      return golden;
    }
    return o.stderrTail.trim() === '' ? fail(`the client ${describeExit(o)} without a message on stderr (${what})`) : null;
  };
}
