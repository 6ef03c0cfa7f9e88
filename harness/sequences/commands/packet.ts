// Request fuzzing: one packet of arbitrary JSON, odd text or raw bytes. Whatever arrives, the proxy
// must answer with exactly one reply that keeps every invariant (a zero-length packet with an
// error), and stay up.
import fc from 'fast-check';
import type { RawPacket, ReplyExpectation, Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import { ANY_REPLY, type Model } from '../model.js';
import { argsShapeArbitrary, describeArgs, withoutDollar, type ArgsShape } from './random-args.js';
import { randomArgs, randomMethodNames } from './random-call.js';

type PacketSpec =
  | { kind: 'request'; method: string; args: ArgsShape; keys: 'lower' | 'upper' | 'capital'; extraKey: boolean; pad: number }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; hex: string }
  | { kind: 'nested'; depth: number };

/** Texts the JSON decoder of a proxy meets in the wild: truncation, odd numbers, BOMs, stray bytes. */
const ODD_TEXTS = [
  '{"method": "Initialize", "args": [',
  '{"method":"CloseImage","args":[1e400]}',
  '{"method":"CloseImage","args":[-0]}',
  '{"method":"FinishPipe","args":[1E2]}',
  '{"method":"GetBlob","args":[0x10,"a",1]}',
  '\ufeff{"method":"Bogus","args":[]}',
  '  \n{"method":"Bogus","args":[]}',
  '{"method":"Bogus","args":[]}x',
  '{"method":"Bogus","args":[]}{"method":"Bogus","args":[]}',
  '[]',
  '"x"',
  '42',
  'true',
  'null',
  '{}',
  '{"method":null}',
  '{"method":42}',
  '{"method":"OpenImage","args":{}}',
  '{"method":"OpenImage","args":"x"}',
  '{"method":"OpenImage","method":"Bogus","args":[]}',
  'hello',
];

const PADS = [0, 0, 1, 32_000, 40_000];

class PacketCommand implements SequenceCommand {
  constructor(
    readonly packet: PacketSpec,
    readonly attachFds: number,
  ) {}

  check(): boolean {
    return true;
  }

  steps(model: Model): Step[] {
    model.unsure = true;
    const send: RawPacket = { ...this.encode(model), ...(this.attachFds > 0 ? { attachFds: this.attachFds } : {}) };
    // The scripted suite holds a zero-length packet to an error reply, like any other bad request.
    const expect: ReplyExpectation = this.packet.kind === 'bytes' && this.packet.hex === '' ? { success: false } : ANY_REPLY;
    return [{ send, expect }];
  }

  private encode(model: Model): RawPacket {
    const p = this.packet;
    switch (p.kind) {
      case 'request': {
        const [methodKey, argsKey] = p.keys === 'lower' ? ['method', 'args'] : p.keys === 'upper' ? ['METHOD', 'ARGS'] : ['Method', 'Args'];
        const args = randomArgs(p.args, model, false);
        const json: Record<string, unknown> = { [methodKey]: p.method };
        if (args.omitArgs === undefined) json[argsKey] = args.args;
        if (p.extraKey) json.id = 7;
        return { json, ...(p.pad > 0 ? { padSpaces: p.pad } : {}) };
      }
      case 'json':
        return { json: p.value };
      case 'text':
        return { text: p.text };
      case 'bytes':
        return { hex: p.hex };
      case 'nested':
        // As text: JSON.stringify cannot write values this deep.
        return { text: { $concat: ['{"method":"OpenImage","args":', { $repeat: ['[', p.depth] }, { $repeat: [']', p.depth] }, '}'] } };
    }
  }

  toString(): string {
    const p = this.packet;
    const fds = this.attachFds > 0 ? ` +${this.attachFds} fds` : '';
    switch (p.kind) {
      case 'request':
        return `Packet(${p.keys} ${JSON.stringify(p.method)} ${describeArgs(p.args)}${p.pad ? ` +${p.pad} spaces` : ''}${fds})`;
      case 'json':
        return `Packet(json ${JSON.stringify(p.value).slice(0, 40)}${fds})`;
      case 'text':
        return `Packet(text ${JSON.stringify(p.text).slice(0, 40)}${fds})`;
      case 'bytes':
        return `Packet(hex "${p.hex.slice(0, 40)}"${fds})`;
      case 'nested':
        return `Packet(nested ×${p.depth}${fds})`;
    }
  }
}

export function packetArbitrary(): fc.Arbitrary<SequenceCommand> {
  const request = fc.record({
    kind: fc.constant('request' as const),
    method: fc.constantFrom(...randomMethodNames()),
    args: argsShapeArbitrary(),
    keys: fc.constantFrom('lower' as const, 'upper' as const, 'capital' as const),
    extraKey: fc.boolean(),
    pad: fc.constantFrom(...PADS),
  });
  const packet: fc.Arbitrary<PacketSpec> = fc.oneof(
    { weight: 5, arbitrary: request },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value: withoutDollar(value) })) },
    { weight: 3, arbitrary: fc.constantFrom(...ODD_TEXTS).map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).map((s) => ({ kind: 'text' as const, text: withoutDollar(s) as string })) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 48 }).map((b) => ({ kind: 'bytes' as const, hex: Buffer.from(b).toString('hex') })) },
    { weight: 1, arbitrary: fc.constantFrom(100, 12_000).map((depth) => ({ kind: 'nested' as const, depth })) },
  );
  const fds = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) });
  return fc.tuple(packet, fds).map(([p, n]) => new PacketCommand(p, n));
}
