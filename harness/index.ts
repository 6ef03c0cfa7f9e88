// The package's public surface: everything a program needs to drive an implementation the way the
// CLI does. Nothing under harness/ is reachable except through here.
export { CHECKS } from './checks/index.js';
export type { CheckDefinition, Level } from './checks/types.js';
export type { CheckContext, CheckImage } from './checks/context.js';
export { runSuite, type SuiteInput } from './cases/run-suite.js';
export { runCheck } from './cases/run-check.js';
export { resolveConfig, DEFAULT_CONFIG, type HarnessConfig, type Timeouts } from './config.js';
export { HarnessError, type HarnessErrorCode } from './errors.js';
export type { CheckResult, RunResult, ImplementationInfo } from './findings/result.js';
export { VERDICT_RANK, worstVerdict, type Verdict, type VerdictStatus } from './findings/verdict.js';
export { Implementation, type LaunchSpec, type SocketMode, type ExitStatus } from './launch/implementation.js';
export { ProxyClient, type Reply, type CallOutcome } from './protocol/client.js';
export { Transcript, type TranscriptEvent } from './protocol/transcript.js';
export { PacketSocket } from './transport/packet-socket.js';
export { readPipe, type PipeReadResult } from './transport/pipe-reader.js';
