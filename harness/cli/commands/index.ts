// Every subcommand, in the order `--help` lists them, each loaded only when the command line needs it:
// a run of one subcommand does not pay for compiling the others (the CLI's start-up was 0.5 CPU-s).
import type { Command } from 'commander';
import type { CommandIo } from '../command-io.js';

type MakeCommand = (io: CommandIo) => Command;

export interface Subcommand {
  name: string;
  load(): Promise<MakeCommand>;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'list', load: async () => (await import('./list.js')).makeListCommand },
  { name: 'merge', load: async () => (await import('./merge.js')).makeMergeCommand },
  { name: 'diff', load: async () => (await import('./diff.js')).makeDiffCommand },
  { name: 'fixtures', load: async () => (await import('./fixtures.js')).makeFixturesCommand },
  { name: 'mutation-score', load: async () => (await import('./mutation-score.js')).makeMutationScoreCommand },
  { name: 'reference-proxy', load: async () => (await import('./reference-proxy.js')).makeReferenceProxyCommand },
  { name: 'fuzz', load: async () => (await import('./fuzz.js')).makeFuzzCommand },
  { name: 'replay', load: async () => (await import('./replay.js')).makeReplayCommand },
  { name: 'fault-detection', load: async () => (await import('./fault-detection.js')).makeFaultDetectionCommand },
  { name: 'client', load: async () => (await import('./client.js')).makeClientCommand },
  { name: 'fidelity', load: async () => (await import('./fidelity.js')).makeFidelityCommand },
  { name: 'doctor', load: async () => (await import('./doctor.js')).makeDoctorCommand },
  { name: 'results-table', load: async () => (await import('./results-table.js')).makeResultsTableCommand },
];
