/**
 * The `cradle` process entry: runs the CLI and exits with its code.
 */
import { runCli } from './index.ts';

process.exitCode = await runCli(process.argv.slice(2));
