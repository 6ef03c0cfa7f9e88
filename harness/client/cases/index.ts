// Every client case, in the order lists and reports show them.
import type { ClientCase } from '../client-case.js';
import { ERROR_CASES } from './errors.js';
import { FD_CASES } from './fds.js';
import { FETCH_CASES } from './fetch.js';
import { REGISTRY_CASES } from './registry.js';
import { INTEGRITY_CASES } from './integrity.js';
import { LIVENESS_CASES } from './liveness.js';
import { PROTOCOL_CASES } from './protocol.js';

export const CLIENT_CASES: readonly ClientCase[] = [...FETCH_CASES, ...INTEGRITY_CASES, ...LIVENESS_CASES, ...ERROR_CASES, ...PROTOCOL_CASES, ...FD_CASES, ...REGISTRY_CASES];
