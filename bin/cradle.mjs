#!/usr/bin/env node
// The `cradle` command. Runs the TypeScript CLI directly (no build step) through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
