/**
 * The `cradle` process entry: runs the CLI and exits with its code (0 when the reader of its output went
 * away). `cradle --version` and help answer before the rest of the CLI (the engine, the contract's schemas)
 * loads.
 */
import { setFlagsFromString } from 'node:v8';
import { CRADLE_VERSION } from '../engine/version.ts';
import { endQuietlyWhenOutputCloses } from './closed-output.ts';
import { requestedHelp } from './help.ts';

const output = endQuietlyWhenOutputCloses();
const args = process.argv.slice(2);

/**
 * V8 hands a function to its optimising compiler once it has run a budget of bytecode (67,584 bytes by
 * default). A restore or clone streams the golden backup's files through Node's own (C++) reads and writes,
 * and those compilations cost more than they save: at eight times the budget an 8-device clone's host CPU
 * fell 2.16 → 1.84 s (six alternating rounds). A backup parses the device's frames in JavaScript and needs
 * its optimised code: the same budget made a 1 GB full backup slower in four alternating rounds of four
 * (docs/BENCHMARKS.md).
 */
if (args[0] === 'clone' || args[0] === 'restore') setFlagsFromString('--interrupt-budget=540672');

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
