#!/usr/bin/env node
// Entry point for `npx proxy-conformance`: the compiled CLI lives in dist/ (shipped in the package; `npm run build` in a checkout).
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('proxy-conformance: not built yet; run `npm run build` in the checkout\n');
    process.exit(3);
  }
  throw error;
}
