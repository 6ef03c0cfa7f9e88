// The reference proxy for in-process use (no side effects on import): serve a session on a socket,
// run the executable's behaviour, or read its faults. A process that runs it as its main job should
// call removeArchivesOnSignals() first and exit with the code runReferenceProxy resolves to.
export { serveSession, MAX_REQUEST_BYTES, type SessionOptions } from './server/serve-session.js';
export type { PipeRole, SessionEnd, SessionEvent, SessionObserver } from './session/observer.js';
export type { ReplyEnvelope } from './session/reply-encoder.js';
export { runReferenceProxy, removeArchivesOnSignals, type ReferenceProxyIo } from './executable/run-reference-proxy.js';
export { FAULTS, FAULT_NAMES, isFaultName, type FaultName, type FaultSpec } from './faults.js';
export { DEFAULT_PROTOCOL_VERSION } from './session/protocol-profile.js';
export { policySettingOf, type PolicySetting } from './policy/policy-setting.js';
