// The reference proxy for in-process use (no side effects on import): run it, or read its faults.
// A process that runs it as its main job should call removeArchivesOnSignals() first and exit with
// the code runReferenceProxy resolves to.
export { runReferenceProxy, removeArchivesOnSignals, MAX_REQUEST_BYTES, type ReferenceProxyIo } from './server.js';
export { FAULTS, FAULT_NAMES, isFaultName, type FaultName, type FaultSpec } from './faults.js';
export { PROTOCOL_VERSION } from './handlers.js';
