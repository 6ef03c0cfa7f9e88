// The shape of a server-role check: a case whose run function drives an implementation.
import type { CaseDefinition } from '../model/case.js';
import type { CheckContext } from './context.js';

export type CheckDefinition = CaseDefinition<CheckContext>;
