// The esbuild options of every bundle that runs in plain Node as the `cradle` command does (the command
// itself, scripts/build-cli.mjs; the bench's discard host, bench/backup.ts): ESM for Node 20, better-sqlite3
// (native) left in node_modules, and `require` for the bundled CommonJS packages that load Node's modules.
// bplist-creator stays in node_modules too: it calls `new Buffer()`, which Node forgives a package but,
// bundled into our own files, reports on stderr (DEP0005) in the middle of a command's output.
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'bplist-creator'],
  banner: { js: "import { createRequire as cradleRequire } from 'node:module';\nconst require = cradleRequire(import.meta.url);" },
  logLevel: 'warning',
};
