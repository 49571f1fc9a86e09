/**
 * The `cradle` process entry: runs the CLI and exits with its code (0 when the reader of its output went
 * away). `cradle --version` and help answer before the rest of the CLI (the engine, the contract's schemas)
 * loads.
 */
import { CRADLE_VERSION } from '../engine/version.ts';
import { endQuietlyWhenOutputCloses } from './closed-output.ts';
import { requestedHelp } from './help.ts';

const output = endQuietlyWhenOutputCloses();
const args = process.argv.slice(2);
const help = requestedHelp(args);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${CRADLE_VERSION}\n`);
} else if (help !== undefined) {
  process.stdout.write(`${help}\n`);
} else {
  const { runCli } = await import('./index.ts');
  const code = await runCli(args);
  process.exitCode = output.closed ? 0 : code;
}
