// specs/scenario.schema.json and the code that runs scenarios must list the same step kinds, read
// orders, payload schemas and images: a kind or name in one but not the other fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { REGISTRY_IMAGE_IDS, SUITE_IMAGE_IDS } from '../images/suite-images.js';
import { READ_ORDERS } from '../protocol/piped-read.js';
import { PAYLOAD_SCHEMAS } from './expect.js';
import { SPECS_DIR } from '../specs/read.js';
import { STEP_KINDS } from './steps/index.js';

interface StepBranch {
  required: string[];
  properties: Record<string, { enum?: unknown[] }>;
}

const schema = JSON.parse(readFileSync(path.join(SPECS_DIR, 'scenario.schema.json'), 'utf8')) as {
  $defs: {
    case: { properties: { image: { enum: string[] } } };
    step: { oneOf: StepBranch[] };
    payloadExpectation: { properties: { schema: { enum: string[] } } };
  };
};
const branches = schema.$defs.step.oneOf;

/** A branch's kind: its first required key, the one that names the step. */
function kindOf(branch: StepBranch): string {
  return branch.required[0] as string;
}

describe('the scenario schema and the scenario runner', () => {
  test('the scenario schema and the runner\'s table name the same step kinds', () => {
    expect(branches.map(kindOf).sort()).toEqual(Object.keys(STEP_KINDS).sort());
  });

  test('every step kind of the schema is required in its own branch and named by no other branch', () => {
    for (const branch of branches) {
      const kind = kindOf(branch);
      expect(Object.keys(branch.properties), kind).toContain(kind);
      const others = branches.filter((b) => b !== branch).flatMap((b) => Object.keys(b.properties));
      expect(others, kind).not.toContain(kind);
    }
  });

  test('a read step\'s orders in the schema are the piped read\'s orders plus never', () => {
    const read = branches.find((b) => kindOf(b) === 'read');
    expect(read?.properties.how?.enum).toEqual([...READ_ORDERS, 'never']);
  });

  test('the payload schemas the scenario schema allows are the ones a payload expectation can validate against', () => {
    expect([...schema.$defs.payloadExpectation.properties.schema.enum].sort()).toEqual(Object.keys(PAYLOAD_SCHEMAS).sort());
  });

  test('the images a case may name in the scenario schema are the suite\'s image aliases', () => {
    expect([...schema.$defs.case.properties.image.enum].sort()).toEqual([...Object.keys(SUITE_IMAGE_IDS), ...Object.keys(REGISTRY_IMAGE_IDS)].sort());
  });
});
