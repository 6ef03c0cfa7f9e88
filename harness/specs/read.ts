// Locating and reading the JSON files under specs/ at the package root.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { AnySchemaObject } from 'ajv/dist/2020.js';
import { HarnessError } from '../errors.js';
import { packagePath } from '../package-root.js';

/** The base every schema `$id` and every schema reference in the data files resolves against. */
export const SPECS_BASE_URI = 'https://proxy-conformance.invalid/specs/';

/** The `specs/` directory, with a trailing slash. */
export const SPECS_DIR = `${packagePath('specs')}/`;

/** The raw contents of specs/, before any validation. */
export interface SpecFiles {
  methods: unknown;
  versions: unknown;
  deviations: unknown;
  transports: unknown;
  /** Every `*.schema.json`, the data files' own schemas included. */
  schemas: AnySchemaObject[];
}

/** Reads every file under specs/ that the harness uses. */
export function readSpecFiles(dir: string = SPECS_DIR): SpecFiles {
  const schemaFiles = (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.schema.json'))
    // The fixtures schema belongs to the fixture builder, which compiles it itself.
    .filter((name) => name !== 'fixtures.schema.json')
    .sort();
  return {
    methods: readJson(dir, 'methods.json'),
    versions: readJson(dir, 'versions.json'),
    deviations: readJson(dir, 'deviations.json'),
    transports: readJson(dir, 'transports.json'),
    schemas: schemaFiles.map((name) => readJson(dir, name) as AnySchemaObject),
  };
}

function readJson(dir: string, name: string): unknown {
  const file = path.join(dir, name);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HarnessError('PC_INTERNAL', `cannot read specs/${name}: ${(error as Error).message}`, { cause: error });
  }
}
