// `send`: one packet as raw bytes, text or JSON, optionally padded or carrying fds, its reply judged.
import { makeDrainedPipeReadEnd } from '../../transport/owned-fd.js';
import type { StepRunner } from '../run-steps.js';
import { resolveTemplate, type Bindings } from '../templates.js';
import type { RawPacket, StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const sendStep: StepKindModule<'send'> = { kind: 'send', observes: null, run };

async function run(step: StepShapes['send'], runner: StepRunner): Promise<void> {
  const { data, method } = encodePacket(step.send, runner.bindings);
  const attached = Array.from({ length: step.send.attachFds ?? 0 }, makeDrainedPipeReadEnd);
  try {
    await runner.request(method, data, attached.map((a) => a.fd), step.expect ?? {}, step.as);
  } finally {
    for (const a of attached) a.close();
  }
}

/** The packet's bytes, and the method it names (for messages) when it is a JSON request. */
export function encodePacket(packet: RawPacket, bindings: Bindings): { data: Buffer; method: string } {
  let data: Buffer;
  let method = '(raw packet)';
  if (packet.hex !== undefined) data = Buffer.from(packet.hex, 'hex');
  else if (packet.text !== undefined) data = Buffer.from(String(resolveTemplate(packet.text, bindings)));
  else {
    const json = resolveTemplate(packet.json, bindings);
    const m = (json as { method?: unknown } | null)?.method;
    if (typeof m === 'string') method = m;
    data = Buffer.from(JSON.stringify(json));
  }
  if (packet.padSpaces !== undefined) data = Buffer.concat([data, Buffer.alloc(packet.padSpaces, 0x20)]);
  return { data, method };
}
