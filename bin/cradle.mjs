#!/usr/bin/env node
// The `cradle` command: the built CLI (dist/cli/cradle.mjs, made by scripts/build-cli.mjs at install). In a
// development checkout whose build is missing or older than a source it was built from, the TypeScript runs
// directly through tsx instead.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const built = new URL('dist/cli/cradle.mjs', root);

/** Whether the build exists and no source it was made from changed since. */
function buildIsCurrent() {
  try {
    const builtAt = statSync(built).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    return inputs.every((input) => statSync(new URL(input, root)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

if (buildIsCurrent()) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/main.ts');
}
