/**
 * The `cradle` process entry: runs the CLI and exits with its code. `cradle --version` answers before the
 * rest of the CLI (the engine, the contract's schemas) is loaded.
 */
import { CRADLE_VERSION } from '../engine/version.ts';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${CRADLE_VERSION}\n`);
} else {
  const { runCli } = await import('./index.ts');
  process.exitCode = await runCli(args);
}
