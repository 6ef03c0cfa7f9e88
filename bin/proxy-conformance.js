#!/usr/bin/env node
// Entry point for `npx proxy-conformance`: the built CLI lives in dist/bundle/ (shipped in the package; `npm run build` in a checkout).
// `proxy-conformance reference-proxy ARGS` is the proxy itself, served from this process: a session's
// peer starts without loading the CLI, and its exit code and signals are the proxy's own.
const referenceProxy = process.argv[2] === 'reference-proxy';
if (referenceProxy) process.argv.splice(2, 1);
const entry = referenceProxy ? '../dist/bundle/reference-proxy.js' : '../dist/bundle/cli.js';
try {
  // A bad TMPDIR is one sentence and exit 2 (help needs no temp folder, so it is shown anyway).
  const { describeBadTmpdir } = await import('../dist/files/check-tmpdir.js');
  const badTmpdir = describeBadTmpdir();
  if (badTmpdir !== null && process.argv.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-V')) delete process.env.TMPDIR;
  else if (badTmpdir !== null) {
    process.stderr.write(`proxy-conformance: ${badTmpdir}\n`);
    process.exit(2);
  }
  await import(entry);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && /dist\/(bundle\/(cli|reference-proxy)|files\/check-tmpdir)\.js/.test(String(error.message))) {
    process.stderr.write('proxy-conformance: not built yet; run `npm run build` in the checkout\n');
    process.exit(3);
  }
  throw error;
}
