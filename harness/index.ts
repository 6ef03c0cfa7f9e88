// The package's public surface: everything a program needs to drive an implementation the way the
// CLI does. Nothing under harness/ is reachable except through here.
export { CHECKS } from './checks/index.js';
export type { CaseMetadata, Level } from './model/case.js';
export type { CheckDefinition } from './checks/types.js';
export { findReplyViolation } from './checks/invariants.js';
export { loadSuite } from './run/suite.js';
export { selectCases, type Selection } from './run/select.js';
export { loadSuiteImages, SUITE_IMAGE_IDS, type SuiteImage, type SuiteImageAlias, type SuiteImages } from './images/suite-images.js';
export { loadScenarioChecks, readScenarioFile, toCheck } from './scenarios/load.js';
export type { ScenarioCase, ScenarioFile, Step, ReplyExpectation, PayloadExpectation, ReadHow, RawPacket } from './scenarios/types.js';
export { compareToBaseline, makeBaseline, readBaseline, type Baseline, type BaselineComparison, type BaselineEntry } from './verdicts/baseline.js';
export { loadSpecs, type Specs } from './specs/index.js';
export type { CheckContext, CheckImage } from './checks/context.js';
export { runSuite, type SuiteInput } from './run/run-suite.js';
export { runCheck } from './run/server-role.js';
export { resolveConfig, DEFAULT_CONFIG, type HarnessConfig, type Timeouts } from './config.js';
export { HarnessError, type HarnessErrorCode } from './errors.js';
export type { CaseResult, RunResult, ImplementationInfo } from './verdicts/result.js';
export { VERDICT_STATUSES, VERDICT_RANK, isFailure, isPassing, worstVerdict, type Verdict, type VerdictStatus } from './verdicts/verdict.js';
export { EXIT, exitCodeFor } from './verdicts/exit-codes.js';
export { loadKnownOutcomes, findKnownDeviation, type KnownDeviation, type KnownOutcomes } from './verdicts/known-deviations.js';
export { Implementation, type LaunchSpec, type SocketMode, type ExitStatus } from './launch/implementation.js';
export { ProxyClient, type Reply, type CallOutcome } from './protocol/client.js';
export type { TranscriptEvent } from './protocol/transcript.js';
// The results document (results.json) and reading one back.
export {
  RESULTS_FORMAT,
  type BaselineOutcome,
  type BaselineSummary,
  type CaseRecord,
  type Environment,
  type FdSummary,
  type ImplementationRecord,
  type ImplementationRun,
  type ReportDocument,
  type RunConfiguration,
} from './report/model.js';
export { readReport } from './report/read-report.js';
// The reference proxy as a library: one session served in-process, observed event by event.
export {
  serveSession,
  DEFAULT_PROTOCOL_VERSION,
  FAULT_NAMES,
  isFaultName,
  type FaultName,
  type SessionOptions,
  type SessionEnd,
  type SessionEvent,
  type SessionObserver,
} from './reference-proxy/index.js';
