// Random arguments for adversarial calls and packets: boundary numbers, long and odd strings,
// nested values, fixture data, and ids of the session's own images and pipes shifted by 2^32 or a
// fraction. Plain small integers are left out: they would hit live ids by accident, which says
// nothing about the implementation; shifted ids hit them only through a truncation bug.
import fc from 'fast-check';
import type { Template } from '../../scenarios/types.js';
import { openImages, pick, type Model } from '../model.js';

type ArgSpec =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'long'; char: string; count: number }
  | { kind: 'fixture'; path: string }
  | { kind: 'image'; index: number }
  | { kind: 'shifted'; of: 'image' | 'pipe'; index: number; by: number }
  | { kind: 'json'; value: unknown }
  | { kind: 'nested'; depth: number };

export type ArgsShape = { kind: 'omit' } | { kind: 'null' } | { kind: 'list'; items: ArgSpec[] };

const BOUNDARY_NUMBERS = [
  0, -1, 0.5, 1.5, -0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64,
  -(2 ** 31), -(2 ** 53), 1e300, -1e300, 5e-324, 4097, 65535, 65536,
];

const ODD_STRINGS = [
  'sha256:xyz',
  `sha256:${'0'.repeat(64)}`,
  `sha512:${'0'.repeat(128)}`,
  'md5:d41d8cd98f00b204e9800998ecf8427e',
  'oci:/nonexistent/x:latest',
  'docker://127.0.0.1:1/x/y:z',
  'foo:bar',
  '',
  '\u0000',
  'OpenImage',
];

const FIXTURE_PATHS = [
  'images.simple.reference',
  'images.simple.missingTag',
  'images.simple.layers.0.digest',
  'images.simple.layers.1.digest',
  'images.simple.layers.0.size',
  'images.simple.config.digest',
  'images.simple.manifest.digest',
  'images.big.layers.0.digest',
];

/** No `$` anywhere: a `${` in a string or a `$` key would be read as a template. */
export function withoutDollar(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$', '_');
  if (Array.isArray(value)) return value.map(withoutDollar);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll('$', '_'), withoutDollar(v)]));
  }
  return value;
}

function argSpecArbitrary(): fc.Arbitrary<ArgSpec> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS).map((value) => ({ kind: 'number' as const, value })) },
    { weight: 1, arbitrary: fc.integer({ min: 4097, max: 2 ** 31 - 1 }).map((value) => ({ kind: 'number' as const, value })) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_STRINGS).map((value) => ({ kind: 'string' as const, value })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 16, unit: 'binary' }).map((s) => ({ kind: 'string' as const, value: withoutDollar(s) as string })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('long' as const), char: fc.constantFrom('a', 'é', '0'), count: fc.constantFrom(1000, 32_768, 40_960) }) },
    { weight: 3, arbitrary: fc.constantFrom(...FIXTURE_PATHS).map((path) => ({ kind: 'fixture' as const, path })) },
    { weight: 3, arbitrary: fc.nat(7).map((index) => ({ kind: 'image' as const, index })) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('shifted' as const), of: fc.constantFrom('image' as const, 'pipe' as const), index: fc.nat(7), by: fc.constantFrom(2 ** 32, 0.5) }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'json' as const, value: withoutDollar(value) })) },
    { weight: 1, arbitrary: fc.constantFrom(64, 2000).map((depth) => ({ kind: 'nested' as const, depth })) },
  );
}

export function argsShapeArbitrary(): fc.Arbitrary<ArgsShape> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'omit' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'null' as const }) },
    { weight: 6, arbitrary: fc.array(argSpecArbitrary(), { maxLength: 4 }).map((items) => ({ kind: 'list' as const, items })) },
  );
}

/** The argument as a step template, resolved against the model's images and pipes. */
export function toTemplate(spec: ArgSpec, model: Model, idsAllowed: boolean): Template {
  switch (spec.kind) {
    case 'number':
    case 'string':
    case 'json':
      return spec.value;
    case 'long':
      return { $repeat: [spec.char, spec.count] };
    case 'fixture':
      return `\${${spec.path}}`;
    case 'nested':
      return { $nest: [spec.depth, 0] };
    case 'image': {
      // A live id is a valid argument only where it cannot change what the model tracks.
      const image = idsAllowed ? pick(openImages(model), spec.index) : undefined;
      return image === undefined ? 0 : `\${${image.name}}`;
    }
    case 'shifted': {
      const name = spec.of === 'image' ? pick(model.images, spec.index)?.name : pick(model.pipes.filter((p) => !p.raw), spec.index)?.name;
      if (name === undefined) return spec.by;
      return { $add: [spec.of === 'image' ? `\${${name}}` : `\${${name}.pipeid}`, spec.by] };
    }
  }
}

export function describeArgs(shape: ArgsShape): string {
  if (shape.kind !== 'list') return shape.kind;
  return `[${shape.items.map(describeArg).join(', ')}]`;
}

function describeArg(spec: ArgSpec): string {
  switch (spec.kind) {
    case 'number':
    case 'string':
      return JSON.stringify(spec.value).slice(0, 24);
    case 'long':
      return `${spec.char}×${spec.count}`;
    case 'fixture':
      return spec.path;
    case 'image':
      return `image#${spec.index}`;
    case 'shifted':
      return `${spec.of}#${spec.index}+${spec.by}`;
    case 'json':
      return JSON.stringify(spec.value).slice(0, 24);
    case 'nested':
      return `nested×${spec.depth}`;
  }
}
