// `proxy-conformance doctor`: what this machine has of the prerequisites, and the install lines for
// what is missing. Exit 0 when a run has what it needs, 1 when something a run needs is missing.
import type { Command } from 'commander';
import { checkPrerequisites, type Finding } from '../../prerequisites/check.js';
import { installLines, PREREQUISITES } from '../../prerequisites/prerequisites.js';
import { EXIT } from '../../verdicts/exit-codes.js';
import { makeSubcommand, noColorOption, type CommandIo } from '../command-io.js';

const USES = { run: 'for a run', test: "for the project's own npm test (a checkout)" } as const;

export function makeDoctorCommand(io: CommandIo): Command {
  return makeSubcommand('doctor', io)
    .description('list the prerequisites this machine has and lacks (skopeo, docker-registry; Go and Debian sources for npm test), with install lines')
    .addOption(noColorOption('doctor'))
    .addHelpText('after', `\nExit codes:\n  ${EXIT.OK}    everything a run needs is there (what only npm test needs is listed, not gated)\n  ${EXIT.FAILED}    something a run needs is missing`)
    .action(async () => {
      io.setExitCode(await runDoctorCommand(io));
    });
}

export async function runDoctorCommand(io: CommandIo): Promise<number> {
  const findings = await checkPrerequisites(PREREQUISITES);
  io.out.write(`node: ${process.execPath}: ${process.version} (engines: >=20.5); zstd: none needed (fixtures are compressed in JavaScript and WebAssembly)`);
  for (const use of ['run', 'test'] as const) {
    const mine = findings.filter((f) => f.prerequisite.use === use);
    io.out.write(`\n${USES[use]}:`);
    for (const f of mine) io.out.write(formatFinding(f));
    const missing = mine.filter((f) => !f.found).map((f) => f.prerequisite);
    if (missing.length === 0) continue;
    const lines = installLines(missing);
    io.out.write(`  install (Debian/Ubuntu): ${lines.debian ?? 'none packaged'}`);
    io.out.write(`  install (Fedora): ${lines.fedora ?? `none packaged for ${missing.filter((p) => p.fedora === null).map((p) => p.name).join(', ')}`}${lines.fedora && missing.some((p) => p.fedora === null) ? ` (not packaged: ${missing.filter((p) => p.fedora === null).map((p) => p.name).join(', ')})` : ''}`);
  }
  const runMissing = findings.filter((f) => f.prerequisite.use === 'run' && !f.found).length;
  const testMissing = findings.filter((f) => f.prerequisite.use === 'test' && !f.found).length;
  io.out.write(`\n${runMissing === 0 ? 'a run has what it needs' : `a run lacks ${runMissing}`}; npm test ${testMissing === 0 ? 'has what it needs' : `lacks ${testMissing}`}`);
  return runMissing === 0 ? EXIT.OK : EXIT.FAILED;
}

function formatFinding(f: Finding): string {
  return `  ${f.found ? 'found  ' : 'MISSING'}  ${f.prerequisite.name}: ${f.detail}${f.found ? '' : ` — ${f.prerequisite.why}`}`;
}
