// The property-testing commands and what a program needs to run properties itself.
export { makeFuzzCommand, runFuzz, type FuzzOptions, type PropertyCommandIo } from './fuzz-command.js';
export { makeReplayCommand, runReplay } from './replay-command.js';
export { explore, type ExploreInput, type ExploreSummary, type Finding } from './explore.js';
export { formatReplay, parseReplay, type Replay } from './replay-path.js';
export { makeFuzzConfig, runSequence, type SequenceRun, type SequenceSession } from './run-sequence.js';
