// A client that crashed rather than reported: killed by a signal of its own making, or a runtime's
// crash print on stderr (a Rust panic, a Go panic with its goroutine trace, a Python traceback, a
// Node uncaught exception). A crash is a finding of its own, never "detected and reported".
import type { ExitStatus } from '../launch/process.js';
import { excerpt } from '../printable.js';

export interface ClientCrash {
  /** What crashed it, in a few words: `a Rust panic`, `signal SIGSEGV`. */
  kind: string;
  /** The line that says so (the panic line, the exception line), or null for a bare signal. */
  line: string | null;
}

interface CrashPrint {
  kind: string;
  /** Finds the print in stderr; the line it returns is the one to quote. */
  find(stderr: string): string | null;
}

const lineMatching = (stderr: string, re: RegExp): string | null => stderr.split('\n').find((l) => re.test(l))?.trim() ?? null;

const PRINTS: readonly CrashPrint[] = [
  { kind: 'a Rust panic', find: (s) => lineMatching(s, /^thread '[^']*' panicked at /) },
  // Go prints `panic: VALUE`, a blank line, then `goroutine N [running]:`; a test binary's timeout panics the same way.
  { kind: 'a Go panic', find: (s) => (/^goroutine \d+ \[/m.test(s) ? lineMatching(s, /^panic: /) : null) },
  // The traceback's last line names the exception: that is the one to quote.
  {
    kind: 'a Python traceback',
    find: (s) => {
      // A thread's uncaught exception (`Exception in thread …:` before its traceback) ends the thread, not the process.
      const own = s.split(/^Exception (?:in thread|ignored in)\b.*\nTraceback \(most recent call last\):\n(?:[ \t].*\n)*.*(?:\n|$)/m).join('');
      if (!/^Traceback \(most recent call last\):$/m.test(own)) return null;
      const after = own.slice(own.lastIndexOf('Traceback (most recent call last):')).split('\n');
      return after.find((l) => /^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)\b/.test(l))?.trim() ?? after.find((l) => /^\S/.test(l) && !l.startsWith('Traceback'))?.trim() ?? 'Traceback (most recent call last):';
    },
  },
  // Node prints the throw site, the error with its `    at` stack, and its own version last.
  { kind: 'a Node uncaught exception', find: (s) => (/^Node\.js v\d+/m.test(s) && /^\s+at /m.test(s) ? lineMatching(s, /^(\w*Error|Uncaught\b|\[?\w+Error\]?)[:\s[]/) ?? 'an uncaught exception' : null) },
];

/**
 * The crash of a client that exited with `exit` leaving `stderr`, or null. A client that exited 0
 * did not crash whatever it printed (it may log a caught panic); a client still running did not either.
 */
export function clientCrash(exit: ExitStatus | null, stderr: string): ClientCrash | null {
  if (exit === null || (exit.code === 0 && exit.signal === null)) return null;
  for (const print of PRINTS) {
    const line = print.find(stderr);
    if (line !== null) return { kind: print.kind, line: excerpt(line) };
  }
  // Dead by a signal: nobody reports that way (the harness kills only a client still running at its deadline).
  // SIGIOT is SIGABRT's other name (the same number): say the one abort() is known by.
  if (exit.signal !== null) return { kind: `death by ${exit.signal === 'SIGIOT' ? 'SIGABRT' : exit.signal}`, line: null };
  return null;
}

export function describeCrash(crash: ClientCrash): string {
  return `the client crashed (${crash.kind}${crash.line !== null ? `: ${JSON.stringify(crash.line)}` : ''})`;
}
