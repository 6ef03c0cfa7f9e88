// Every subcommand, in the order `--help` lists them.
import type { Command } from 'commander';
import type { CommandIo } from '../command-io.js';
import { makeClientCommand } from './client.js';
import { makeDiffCommand } from './diff.js';
import { makeDoctorCommand } from './doctor.js';
import { makeFaultDetectionCommand } from './fault-detection.js';
import { makeFidelityCommand } from './fidelity.js';
import { makeFixturesCommand } from './fixtures.js';
import { makeFuzzCommand } from './fuzz.js';
import { makeListCommand } from './list.js';
import { makeMergeCommand } from './merge.js';
import { makeMutationScoreCommand } from './mutation-score.js';
import { makeReferenceProxyCommand } from './reference-proxy.js';
import { makeReplayCommand } from './replay.js';
import { makeResultsTableCommand } from './results-table.js';

export const SUBCOMMANDS: ReadonlyArray<(io: CommandIo) => Command> = [
  makeListCommand,
  makeMergeCommand,
  makeDiffCommand,
  makeFixturesCommand,
  makeMutationScoreCommand,
  makeReferenceProxyCommand,
  makeFuzzCommand,
  makeReplayCommand,
  makeFaultDetectionCommand,
  makeClientCommand,
  makeFidelityCommand,
  makeDoctorCommand,
  makeResultsTableCommand,
];
