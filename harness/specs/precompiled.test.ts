// The validators the build saves: they cover every validator a run uses, they are used only for the
// files they were compiled from, and they judge as the compiled ones do.
import { describe, expect, test } from 'vitest';
import { loadPrecompiled, PRECOMPILED_FILE } from './precompiled.js';
import { readSpecFiles } from './read.js';
import { Specs } from './specs.js';

describe('the precompiled validators', () => {
  test('cover every validator a run may use (the build made them: npm test builds first)', () => {
    const files = readSpecFiles();
    const saved = loadPrecompiled(files);
    expect(saved, `${PRECOMPILED_FILE} is missing or stale: run npm run build`).not.toBeNull();
    expect([...saved!.keys()].sort()).toEqual(new Specs(files).validatorUris().sort());
  });

  test('are not used for a schema or a method table that changed since the build', () => {
    const files = readSpecFiles();
    const schemas = files.schemas.map((s) => (String(s.$id).endsWith('/values.schema.json') ? { ...s, title: `${String(s.title)} (edited)` } : s));
    expect(loadPrecompiled({ ...files, schemas })).toBeNull();
    const methods = structuredClone(files.methods) as { methods: Array<{ args: unknown[] }> };
    methods.methods[0]!.args.push({ name: 'extra', type: 'string' });
    expect(loadPrecompiled({ ...files, methods })).toBeNull();
  });

  test('judge as validators compiled from the schemas do, errors included', () => {
    const files = readSpecFiles();
    const precompiled = new Specs(files);
    const compiled = new Specs(files, { precompiled: false });
    const samples: Array<[string, (s: Specs) => unknown]> = [
      ['request', (s) => s.validateRequest({ method: 'OpenImage', args: ['oci:/x', 3] })],
      ['request ok', (s) => s.validateRequest({ method: 'GetManifest', args: [1] })],
      ['reply 0.2.8', (s) => s.validateReply({ success: true, value: 1, pipeid: 0 }, '0.2.8')],
      ['reply 0.2.3', (s) => s.validateReply({ success: false, value: null, pipeid: 0, error: 'x' }, '0.2.3')],
      ['value', (s) => s.validateValue('GetManifest', 'sha256:00')],
      ['baseline', (s) => s.validateBaseline({ cases: { a: { status: 'odd' } } })],
      ['error code', (s) => s.replyHasErrorCode('0.2.8') && !s.replyHasErrorCode('0.2.3')],
    ];
    for (const [name, run] of samples) expect(run(precompiled), name).toEqual(run(compiled));
  });
});
