import { describe, expect, test } from 'vitest';
import { isCiEnvironment } from './config.js';

describe('isCiEnvironment', () => {
  test('the CI variable set as CI services set it is CI; unset, empty, 0 and false are not', () => {
    for (const ci of ['true', '1', 'yes', 'TRUE']) expect(isCiEnvironment({ CI: ci })).toBe(true);
    for (const ci of [undefined, '', '0', 'false', 'False']) expect(isCiEnvironment(ci === undefined ? {} : { CI: ci })).toBe(false);
  });
});
