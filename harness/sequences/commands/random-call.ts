// A call of any method (or an unknown name) with random arguments: the proxy may accept or refuse
// it, but it must answer with one reply that keeps every invariant, and stay up.
import fc from 'fast-check';
import type { Step } from '../../scenarios/types.js';
import { loadSpecs } from '../../specs/index.js';
import type { SequenceCommand } from '../command.js';
import { ANY_REPLY, type Model } from '../model.js';
import { argsShapeArbitrary, describeArgs, toTemplate, type ArgsShape } from './random-args.js';

/** Initialize and Shutdown change the session as a whole: their own commands cover them. */
export function randomMethodNames(): string[] {
  const names = loadSpecs()
    .methods.map((m) => m.name)
    .filter((n) => n !== 'Initialize' && n !== 'Shutdown');
  return [...names, 'Bogus', 'getmanifest', ''];
}

/**
 * Methods that exist to release what an id names (CloseImage, FinishPipe): in the method table, an
 * inline reply that is always null, to a call with arguments. They get no live id, only shifted
 * ones, so a random call cannot release what the model tracks.
 */
export function releasesAnId(method: string): boolean {
  const specs = loadSpecs();
  const spec = specs.methodByName(method);
  return spec !== undefined && spec.returns === 'inline' && spec.args.length > 0 && specs.validateValue(method, 0).ok === false && specs.validateValue(method, null).ok;
}

class RandomCallCommand implements SequenceCommand {
  constructor(
    readonly method: string,
    readonly args: ArgsShape,
  ) {}

  check(): boolean {
    return true;
  }

  steps(model: Model): Step[] {
    model.unsure = true;
    return [{ call: this.method, ...randomArgs(this.args, model, !releasesAnId(this.method)), expect: ANY_REPLY }];
  }

  toString(): string {
    return `Random(${JSON.stringify(this.method)}, ${describeArgs(this.args)})`;
  }
}

export function randomArgs(shape: ArgsShape, model: Model, idsAllowed: boolean): { args?: unknown[] | null; omitArgs?: true } {
  if (shape.kind === 'omit') return { omitArgs: true };
  if (shape.kind === 'null') return { args: null };
  return { args: shape.items.map((item) => toTemplate(item, model, idsAllowed)) };
}

export function randomCallArbitrary(): fc.Arbitrary<SequenceCommand> {
  return fc.tuple(fc.constantFrom(...randomMethodNames()), argsShapeArbitrary()).map(([m, a]) => new RandomCallCommand(m, a));
}
