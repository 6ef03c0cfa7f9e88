// The shape of a server-role check: a case whose run function drives an implementation.
import type { CaseMetadata } from '../model/case.js';
import type { CheckContext } from './context.js';

export interface CheckDefinition extends CaseMetadata {
  run(ctx: CheckContext): Promise<void>;
}
