// What a program needs to run properties itself: exploring, replay paths, running one sequence.
export { runFuzz, type FuzzSettings } from './run-fuzz.js';
export { SILENT_FUZZ_EVENTS, type FuzzEvents } from './fuzz-events.js';
export { explore, type ExploreInput, type ExploreSummary, type Finding } from './explore.js';
export { formatReplay, parseReplay, type Replay } from './replay-path.js';
export { makeFuzzConfig, runSequence, type SequenceRun, type SequenceSession } from './run-sequence.js';
