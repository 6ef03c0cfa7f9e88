// lifecycle/initialize-semver: Initialize answers the protocol version, which gates every other case.
import semver from 'semver';
import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';
import { quote } from '../printable.js';

export const initializeSemver: CheckDefinition = {
  id: 'lifecycle/initialize-semver',
  title: 'Initialize returns the protocol version as a semver string',
  why: 'Clients decide which methods exist from this version.',
  level: 'MUST',
  since: '0.2.1',
  reference: 'method table: Initialize → value: protocol version string (semver)',
  tags: ['smoke', 'lifecycle', 'initialize'],
  async run(ctx: CheckContext) {
    const value = await ctx.initialize();
    ctx.expect(
      typeof value === 'string' && semver.valid(value) !== null,
      `Initialize returned ${quote(value)}, not a semver string`,
    );
  },
};
