// `npm run build`'s last step: the programs the package starts (the CLI, the reference proxy, its
// session host, the client role's skopeo stand-in) bundled from the compiled dist/ into dist/bundle/.
// Every case, session and client run starts one of them, and loading ~300 compiled modules one by
// one cost each start about 0.4 s of CPU; a bundle loads in a fraction of that. Shared code goes into
// chunks, and modules the code loads on demand (a subcommand, a method) stay on demand.
import { build } from 'esbuild';
import { BUNDLE_DIR, packagePath } from '../package-root.js';

export const ENTRY_POINTS = {
  cli: packagePath('dist', 'cli', 'main.js'),
  'reference-proxy': packagePath('dist', 'reference-proxy', 'main.js'),
  'session-host': packagePath('dist', 'reference-proxy', 'executable', 'session-host-main.js'),
  shim: packagePath('dist', 'client', 'stand-in', 'shim.js'),
};

// Bundled CommonJS dependencies (ajv, semver, tar-stream) require Node's own modules at run time.
const REQUIRE_FOR_COMMONJS = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

await build({
  entryPoints: ENTRY_POINTS,
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: REQUIRE_FOR_COMMONJS },
  logLevel: 'warning',
});
