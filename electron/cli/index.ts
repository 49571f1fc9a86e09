/**
 * `cradle`: the engine for scripts and IT staff. Words for people by default, `--json` for machines.
 * Exit codes are in output.ts and README.md.
 */
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../engine/api/handlers.ts';
import { CRADLE_VERSION } from '../engine/version.ts';
import { backupCommand, encryptionCommand } from './commands/backup.ts';
import { backupsListCommand } from './commands/library.ts';
import { devicesCommand, infoCommand, pairCommand, renameCommand, unpairCommand } from './commands/devices.ts';
import { doctorCommand } from './commands/doctor.ts';
import { EXIT, reportError } from './output.ts';

const USAGE = `Usage: cradle <command> [options]

Commands:
  devices                 List connected devices (name, model, iOS version, paired or not).
  info <udid>             Show a device's summary (needs pairing).
  pair <udid>             Pair with a device: tap Trust on it when asked. Ctrl+C cancels.
  unpair <udid>           Forget the pairing, on the device and on this computer.
  rename <udid> <name>    Rename a device.
  backup <udid>           Back up a device (incremental; --full for a full backup) into --dir or the
                          standard backup folder. Progress on the terminal; JSON lines with --json.
  backups list            List the backups in --dir or the backup folder: device, iOS, date, size,
                          complete or not, encrypted or not.
  encryption <udid> status|on|off|change
                          Show or change "Encrypt local backup". Passwords come from a prompt,
                          --password-stdin (one per line: current, then new) or CRADLE_BACKUP_PASSWORD
                          and CRADLE_BACKUP_NEW_PASSWORD; never from the command line.
  doctor                  Show Cradle's version and whether the device service (usbmuxd) answers.

Options:
  --json                  Print machine-readable JSON (errors as {"error":{...}} on stderr).
  --dir <folder>          Backup folder (backup, backups list).
  --full                  Force a full backup (backup).
  --password-stdin        Read passwords from standard input (encryption).
  -h, --help              Show this help.
  -v, --version           Show Cradle's version.

Exit codes: 0 success, 1 failure, 2 wrong usage, 3 no usbmuxd answers, 4 device not found,
5 device does not trust this computer, 6 device locked, 7 cancelled.`;

/** Parsed options every command may read. */
interface Options {
  json: boolean;
  dir?: string;
  full: boolean;
  passwordStdin: boolean;
}

type Command = (engine: Engine, args: string[], options: Options) => Promise<number>;

/** Each command with its number of positional arguments. */
const COMMANDS: Record<string, { args: number; run: Command }> = {
  doctor: { args: 0, run: (engine, _args, { json }) => doctorCommand(engine, json) },
  devices: { args: 0, run: (engine, _args, { json }) => devicesCommand(engine, json) },
  info: { args: 1, run: (engine, [udid], { json }) => infoCommand(engine, udid!, json) },
  pair: { args: 1, run: (engine, [udid], { json }) => pairCommand(engine, udid!, json) },
  unpair: { args: 1, run: (engine, [udid], { json }) => unpairCommand(engine, udid!, json) },
  rename: { args: 2, run: (engine, [udid, name], { json }) => renameCommand(engine, udid!, name!, json) },
  backup: { args: 1, run: (engine, [udid], options) => backupCommand(engine, udid!, options) },
  backups: {
    args: 1,
    run: async (engine, [what], options) => {
      if (what === 'list') return backupsListCommand(engine, options);
      process.stderr.write(`Unknown: backups ${what}. Try: cradle backups list\n`);
      return EXIT.usage;
    },
  },
  encryption: {
    args: 2,
    run: (engine, [udid, action], { json, passwordStdin }) => encryptionCommand(engine, udid!, action!, { json, source: { fromStdin: passwordStdin } }),
  },
};

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        dir: { type: 'string' },
        full: { type: 'boolean', default: false },
        'password-stdin': { type: 'boolean', default: false },
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
  const [name, ...args] = positionals;
  if (values.help || !name) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command || args.length !== command.args) {
    process.stderr.write(`${command ? `${name} takes ${command.args} argument(s)` : `Unknown command: ${name}`}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const engine = createEngine();
  try {
    return await command.run(engine, args, { json: values.json, dir: values.dir, full: values.full, passwordStdin: values['password-stdin'] });
  } catch (error) {
    return reportError(error, values.json);
  } finally {
    await engine.close();
  }
}
