#!/usr/bin/env node
// The reference proxy (skopeo 1.20.0's behaviour, protocol 0.2.8 unless --protocol-version) as an
// executable, for `proxy-conformance --impl bin/reference-proxy.js`: the built code lives in dist/bundle/.
try {
  await import('../dist/bundle/reference-proxy.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bundle/reference-proxy.js')) {
    process.stderr.write('reference-proxy: not built yet; run `npm run build` in the checkout\n');
    process.exit(3);
  }
  throw error;
}
