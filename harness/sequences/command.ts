// A generated command, shaped like fast-check's ICommand: a precondition on the model, an action,
// and a printable form. The action is the scenario steps the command adds (expectations included),
// so a sequence of commands compiles to a scenario case and a shrunk counterexample is one.
import type { Step } from '../scenarios/types.js';
import type { Model } from './model.js';

export interface SequenceCommand {
  /** False when the command does not apply to this model; it is then left out, as fast-check does. */
  check(model: Model): boolean;
  /** The steps this command adds, with the model's expectations; updates the model. */
  steps(model: Model): Step[];
  /** A short label, e.g. `GetBlob(open#0, layer 1, wrong size +1)`. */
  toString(): string;
  /**
   * What the command does to the session, without which image or pipe: two commands of one kind
   * meet the same behaviour (a run stops exploring a kind that already hung). Called before steps.
   */
  classify?(model: Model): string;
}
