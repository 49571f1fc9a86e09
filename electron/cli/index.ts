/**
 * `cradle`: the engine for scripts and IT staff. Human output by default, `--json` for machines.
 * Exit codes: 0 success, 1 the operation failed, 2 wrong usage, 3 no usbmuxd answers.
 */
import { parseArgs } from 'node:util';
import { toErrorPayload } from '../../shared/errors.ts';
import { createEngine } from '../engine/api/handlers.ts';
import { CRADLE_VERSION } from '../engine/version.ts';
import { formatDoctor } from './format.ts';

const USAGE = `Usage: cradle <command> [options]

Commands:
  doctor [--json]    Show Cradle's version and whether the device service (usbmuxd) answers.

Options:
  --json             Print machine-readable JSON.
  -h, --help         Show this help.
  -v, --version      Show Cradle's version.

Exit codes: 0 success, 1 failure, 2 wrong usage, 3 no usbmuxd answers.`;

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failed: 1, usage: 2, noUsbmuxd: 3 } as const;

/** Runs the CLI with `argv` (without node and script), writing to stdout/stderr; resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${CRADLE_VERSION}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (command !== 'doctor' || rest.length > 0) {
    process.stderr.write(`Unknown command: ${positionals.join(' ')}\n\n${USAGE}\n`);
    return EXIT.usage;
  }

  const engine = createEngine();
  try {
    const info = await engine.handlers['app:info']({});
    process.stdout.write(values.json ? `${JSON.stringify(info, null, 2)}\n` : formatDoctor(info));
    return info.usbmuxd.reachable ? EXIT.ok : EXIT.noUsbmuxd;
  } catch (error) {
    printError(error, values.json);
    return EXIT.failed;
  } finally {
    await engine.close();
  }
}

function printError(error: unknown, json: boolean): void {
  const payload = toErrorPayload(error);
  process.stderr.write(json ? `${JSON.stringify({ error: payload })}\n` : `cradle: ${payload.message}\n`);
}
