import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../../report/reporters.js';
import { REPO_ROOT } from '../../test-support/paths.js';
import { CONFIG_ONLY_KEYS, RUN_OPTIONS, type OptionEntry } from './option-table.js';

interface PropertySchema {
  type?: string;
  minimum?: number;
  enum?: string[];
  items?: { enum?: string[] };
}

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'specs', 'config.schema.json'), 'utf8')) as {
  properties: Record<string, PropertySchema> & { implementations: { items: { properties: Record<string, PropertySchema> } } };
};
const implementationKeys = Object.keys(schema.properties.implementations.items.properties).map((k) => `implementations[].${k}`);
const topKeys = Object.keys(schema.properties).filter((k) => k !== '$schema' && k !== 'implementations');
const entries = Object.values(RUN_OPTIONS) as OptionEntry[];

function schemaOf(key: string): PropertySchema {
  const implementation = /^implementations\[\]\.(.+)$/.exec(key);
  const property = implementation ? schema.properties.implementations.items.properties[implementation[1] as string] : schema.properties[key];
  if (property === undefined) throw new Error(`specs/config.schema.json has no ${key}`);
  return property;
}

describe('the run option table', () => {
  it('names exactly the settings specs/config.schema.json holds, each under its config key', () => {
    const tableKeys = [...entries.flatMap((e) => (e.configKey !== undefined ? [e.configKey] : [])), ...CONFIG_ONLY_KEYS];
    expect(tableKeys.sort()).toEqual([...topKeys, ...implementationKeys].sort());
  });

  it('refuses on the command line the whole numbers the schema refuses in the file', () => {
    for (const entry of entries) {
      if (entry.configKey === undefined || schemaOf(entry.configKey).type !== 'integer') continue;
      const minimum = schemaOf(entry.configKey).minimum ?? 0;
      expect(entry.parse, entry.flags).toBeDefined();
      const parse = entry.parse as (value: string, previous?: unknown) => unknown;
      expect(parse(String(minimum)), entry.flags).toBe(minimum);
      if (minimum > 0) expect(() => parse(String(minimum - 1)), entry.flags).toThrow(/takes a whole number/);
      expect(() => parse('abc'), entry.flags).toThrow(/takes a whole number/);
    }
  });

  it('offers the same report formats and levels in the file as on the command line', () => {
    expect([...(schema.properties.formats?.items?.enum ?? [])].sort()).toEqual([...REPORT_FORMATS].sort());
    expect(schema.properties.level?.enum).toEqual(['MUST', 'SHOULD', 'INFO']);
  });
});
