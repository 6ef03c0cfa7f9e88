// Judges of how the fetch ended: the exit code, the message on stderr, and every byte written to
// PC_OUT against the fixture's golden content.
import { createHash } from 'node:crypto';
import type { Verdict } from '../../verdicts/verdict.js';
import type { Judge, JudgeInput } from '../client-case.js';
import type { ClientObservation } from '../observation.js';

const fail = (message: string): Verdict => ({ status: 'fail', message });

/** The last line the client wrote to stderr, quoted, for messages. */
export function lastWords(o: ClientObservation): string {
  const line = o.stderrTail.trim().split('\n').at(-1)?.trim() ?? '';
  return line === '' ? 'nothing on stderr' : JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line);
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

/**
 * Only a client that met the fault can be judged on noticing it: when none of `methods` was called,
 * the fault never reached the client, and the case does not apply (it must not claim what did not happen).
 */
export function whenCalled(methods: readonly string[], judge: Judge): Judge {
  return (input) => {
    const used = input.observation.sessions.some((s) => s.requests.some((r) => r.method !== null && methods.includes(r.method)));
    return used ? judge(input) : { status: 'not-applicable', reason: `the client never called ${methods.join(' or ')}, so the fault never reached it` };
  };
}

/** Against a proxy that does nothing wrong: exit 0. */
export const exitsZero: Judge = ({ observation: o }) => {
  if (o.exit === null || (o.exit.code === 0 && o.exit.signal === null)) return null;
  return fail(`the client ${describeExit(o)} against a proxy that did nothing wrong: ${lastWords(o)}`);
};

/** Everything written is golden, and all of it is there; n/a when the client writes nothing. */
export const writesGoldenImage: Judge = (input) => {
  const o = input.observation;
  if (o.exit === null || o.exit.code !== 0) return null;
  if (wroteNothing(o)) return { status: 'not-applicable', reason: 'the client writes nothing to PC_OUT, so its bytes cannot be compared' };
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
      const wrong = wrongBytes(input);
      if (wrong !== null) return fail(`the client exited 0 with wrong bytes (${what}): ${wrong}`);
      // "I got it" with part of the image is not getting it: all of it must be there, golden.
      const golden = writesGoldenImage(input);
      return golden?.status === 'fail' ? fail(`${golden.message} (${what})`) : null;
    }
    return o.stderrTail.trim() === '' ? fail(`the client ${describeExit(o)} without a message on stderr (${what})`) : null;
  };
}
