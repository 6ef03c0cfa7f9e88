// How long a child process of a test may run before the test takes it for stuck. Not a speed
// bound: far above what any loaded machine needs, and below vitest's own testTimeout (900 s,
// vitest.config.ts), so the test still sees the process's output and says what it was doing.
export const PROCESS_STUCK_MS = 840_000;
