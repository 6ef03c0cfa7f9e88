// Ending the session: Shutdown (no reply needed) or EOF on the socket; the process must exit 0.
import fc from 'fast-check';
import type { Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import type { Model } from '../model.js';

type EndKind = 'shutdown' | 'eof' | 'shutdown-with-args' | 'write-side';

class EndSessionCommand implements SequenceCommand {
  constructor(readonly kind: EndKind) {}

  check(model: Model): boolean {
    return model.world.profile === 'adversarial' || this.kind === 'shutdown' || this.kind === 'eof';
  }

  steps(model: Model): Step[] {
    model.ended = true;
    const exit: Step = { expectExit: { code: 0 } };
    switch (this.kind) {
      case 'shutdown':
        return [{ call: 'Shutdown', args: [], expect: { optional: true } }, exit];
      case 'shutdown-with-args':
        return [{ call: 'Shutdown', args: [1], expect: { optional: true } }, exit];
      case 'eof':
        return [{ close: 'socket' }, exit];
      case 'write-side':
        return [{ close: 'write-side' }, exit];
    }
  }

  toString(): string {
    return `End(${this.kind})`;
  }
}

export function endSessionArbitrary(): fc.Arbitrary<SequenceCommand> {
  return fc.constantFrom<EndKind>('shutdown', 'eof', 'shutdown-with-args', 'write-side').map((k) => new EndSessionCommand(k));
}
