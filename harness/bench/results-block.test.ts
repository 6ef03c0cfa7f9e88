// The results table across releases is one text in two places, README.md and docs/results.md, each
// the `results-table` output `npm run results:table` wrote between the markers.
import { describe, expect, it } from 'vitest';
import { renderResultsTable } from '../report/results-table.js';
import { sampleReport } from '../test-support/sample-report.js';
import { BLOCK_BEGIN, BLOCK_END, readResultsBlock, readResultsBlockOf, replaceResultsBlock, RESULTS_BLOCK_FILES } from './results-block.js';

describe('the results block', () => {
  it('is the same table, with its provenance line, in README.md and docs/results.md', () => {
    const [readme, docs] = RESULTS_BLOCK_FILES.map(readResultsBlockOf);
    expect(docs).toBe(readme);
    const lines = readme!.split('\n');
    // The header results-table prints, a row per implementation of the four runs, and the line that says where the figures come from.
    expect(lines[0]).toBe(renderResultsTable([structuredClone(sampleReport())]).split('\n')[0]);
    expect(lines.filter((l) => /^\| (skopeo|reference-proxy) \|/.test(l))).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/^From 4 results\.json files \(\d+ cases, suite sha256:[0-9a-f]{12}…, proxy-conformance \d+\.\d+\.\d+\)\.$/);
  });

  it('is replaced whole, the markers and the text around them kept', () => {
    const text = `# Title\n\nabove\n\n${BLOCK_BEGIN}\nold table\nold line\n${BLOCK_END}\n\nbelow\n`;
    const replaced = replaceResultsBlock(text, '| new |\n\nFrom 1 results.json file.\n', 'x.md');
    expect(replaced).toBe(`# Title\n\nabove\n\n${BLOCK_BEGIN}\n| new |\n\nFrom 1 results.json file.\n${BLOCK_END}\n\nbelow\n`);
    expect(readResultsBlock(replaced, 'x.md')).toBe('| new |\n\nFrom 1 results.json file.');
    expect(readResultsBlock(replaceResultsBlock(`${BLOCK_BEGIN}\n${BLOCK_END}\n`, 'a', 'y.md'), 'y.md')).toBe('a');
  });

  it('is refused where a file has no markers or two blocks', () => {
    expect(() => replaceResultsBlock('no block here\n', 'x', 'x.md')).toThrow(/x\.md has no results block/);
    expect(() => readResultsBlock(`${BLOCK_BEGIN}\na\n${BLOCK_END}\n${BLOCK_BEGIN}\nb\n${BLOCK_END}\n`, 'x.md')).toThrow(/x\.md has no results block/);
  });
});
