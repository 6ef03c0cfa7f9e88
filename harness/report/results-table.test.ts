import { describe, expect, it } from 'vitest';
import { sampleReport } from '../test-support/sample-report.js';
import { renderResultsTable } from './results-table.js';

describe('the results table across implementations', () => {
  it('has a row per implementation with the counts of the one definition (failed includes hung and crashed)', () => {
    const table = renderResultsTable([structuredClone(sampleReport())]).split('\n');
    expect(table[0]).toBe('| implementation | version | protocol | passed | failed (hung, crashed) | failed MUST cases | known deviations | n/a |');
    expect(table[2]).toMatch(/^\| skopeo \| skopeo version 1\.9\.3 \| 0\.2\.3 \| 2 \| 4 \(1, 1\) \| \d+ \| \d+ \| 1 \|$/);
    expect(table[3]).toMatch(/^\| reference-proxy \| proxy-conformance reference proxy 0\.1\.0 \| 0\.2\.8 \| /);
    expect(table.at(-2)).toMatch(/^From 1 results\.json file \(/);
  });
});
