/**
 * `cradle`: the engine for scripts and IT staff. Words for people by default, `--json` for machines.
 * Exit codes are in output.ts and README.md.
 */
import { parseArgs } from 'node:util';
import { CradleError } from '../../shared/errors.ts';
import { MAX_FLEET_CONCURRENCY } from '../../shared/fleet.ts';
import { MAX_KEEP_VERSIONS } from '../../shared/settings.ts';
import { createEngine, type Engine } from '../engine/api/handlers.ts';
import { CRADLE_VERSION } from '../engine/version.ts';
import { backupAllCommand, backupCommand, encryptionCommand, parseInterval } from './commands/backup.ts';
import { backupsArchiveCommand, backupsDeleteCommand, backupsListCommand, backupsVersionsCommand } from './commands/library.ts';
import { backupsVerifyCommand, browseCommand, extractCommand } from './commands/browse.ts';
import { cloneCommand, restoreCommand } from './commands/restore.ts';
import { devicesCommand, infoCommand, pairCommand, renameCommand, unpairCommand } from './commands/devices.ts';
import { doctorCommand } from './commands/doctor.ts';
import { reportPathProblem } from './fleet-output.ts';
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
                          --keep-versions N keeps the N backups before it as versions.
  backup --all            Back up every connected device, --concurrency N at once (default 4); one
                          failing never stops the others. --watch also backs up each device that gets
                          connected, until Ctrl+C; --every 12h skips a device backed up within 12 hours
                          (m, h, d); --report out.csv|out.json writes serial, UDID, name, result,
                          duration, error. Devices that do not trust this computer are paired: tap Trust.
  backups list            List the backups in --dir or the backup folder: device, iOS, date, size,
                          state (complete, incomplete, archived, version), encrypted or not, and
                          the program that made it (Cradle, idevicebackup2, Finder/iTunes).
  backups versions <udid> A device's backup, archives and versions, newest first.
  backups archive <backup>
                          A dated copy next to it (<udid>-YYYYMMDD-HHMMSS, as Finder names them),
                          never overwritten; unchanged files are hard links.
  backups delete <backup> --yes
                          Delete a backup permanently (a terminal has no Trash; the app uses it).
  backups verify <backup> Check a backup is whole: every file of its manifest present with a plausible
                          size, plists readable. Exit 1 when something is wrong.
  browse <backup> summary What a backup holds: contacts, messages, photos… with counts.
  browse <backup> ls [domain[/path]]
                          List a backup's domains, or a folder's contents.
  browse <backup> cat <domain> <path>
                          Write a file's (decrypted) contents to standard output.
  extract <backup> <domain> [<path>] --out <dir>
                          Save a file, folder or domain with its original names into <dir>
                          (existing files are never replaced).
  encryption <udid> status|on|off|change
                          Show or change "Encrypt local backup". Passwords come from a prompt,
                          --password-stdin (one per line: current, then new) or CRADLE_BACKUP_PASSWORD
                          and CRADLE_BACKUP_NEW_PASSWORD; never from the command line.
  restore <udid> --from <backup>
                          Restore a backup onto a device. Checks first (Find My, iOS version, password,
                          space, battery, lock, supervision); --settings and --system restore settings and
                          system files, --remove deletes what the backup lacks, --no-reboot skips the
                          restart, --yes confirms the consequences for managed devices.
  clone --from <backup> (--all | <udid>...)
                          Restore one golden backup onto many devices at once (--concurrency N, default 4);
                          devices that do not trust this computer are paired (tap Trust on each);
                          --watch adds every device that gets connected until Ctrl+C; --name-pattern
                          "Loaner {n}" ({n}, {serial}, {udid}, {name}) renames each after; --report
                          out.csv|out.json writes serial, UDID, name, result, duration, error.
  doctor                  Show Cradle's version and whether the device service (usbmuxd) answers.

Options:
  --json                  Print machine-readable JSON (errors as {"error":{...}} on stderr).
  --dir <folder>          Backup folder (backup, backups list).
  --full                  Force a full backup (backup).
  --all                   Every connected device (backup, clone).
  --watch                 Also each device that gets connected, until Ctrl+C (backup --all, clone).
  --every <duration>      Skip devices backed up within it, e.g. 12h (backup --all).
  --concurrency <n>       Devices at once, 1 to 64 (backup --all, clone; default 4).
  --report <file>         Write a .csv or .json report of every device (backup --all, clone).
  --keep-versions <n>     Earlier backups to keep as versions (backup; default 0).
  --yes                   Confirm what cannot be undone (backups delete, restore).
  --out <folder>          Where extract saves.
  --password-stdin        Read passwords from standard input (encryption, encrypted backups).

<backup> is a backup folder, or the UDID of a device whose backup is in --dir or the backup folder.
Encrypted backups ask for their password (or read --password-stdin / CRADLE_BACKUP_PASSWORD).
  -h, --help              Show this help.
  -v, --version           Show Cradle's version.

Exit codes: 0 success, 1 failure, 2 wrong usage, 3 no usbmuxd answers, 4 device not found,
5 device does not trust this computer, 6 device locked, 7 cancelled, 8 wrong or missing backup password.`;

/** Parsed options every command may read. */
interface Options {
  json: boolean;
  dir?: string;
  full: boolean;
  out?: string;
  passwordStdin: boolean;
  yes: boolean;
  keepVersions?: number;
  from?: string;
  reboot: boolean;
  system: boolean;
  settings: boolean;
  remove: boolean;
  all: boolean;
  watch: boolean;
  concurrency?: number;
  namePattern?: string;
  report?: string;
  everyMs?: number;
}

type Command = (engine: Engine, args: string[], options: Options) => Promise<number>;

/** Each command with its number of positional arguments (exact, or [least, most]). */
const COMMANDS: Record<string, { args: number | [number, number]; run: Command }> = {
  doctor: { args: 0, run: (engine, _args, { json }) => doctorCommand(engine, json) },
  devices: { args: 0, run: (engine, _args, { json }) => devicesCommand(engine, json) },
  info: { args: 1, run: (engine, [udid], { json }) => infoCommand(engine, udid!, json) },
  pair: { args: 1, run: (engine, [udid], { json }) => pairCommand(engine, udid!, json) },
  unpair: { args: 1, run: (engine, [udid], { json }) => unpairCommand(engine, udid!, json) },
  rename: { args: 2, run: (engine, [udid, name], { json }) => renameCommand(engine, udid!, name!, json) },
  backup: {
    args: [0, 1],
    run: async (engine, [udid], options) => {
      if (options.all && !udid) return backupAllCommand(engine, options);
      if (udid && !options.all && !options.watch && options.everyMs === undefined) return backupCommand(engine, udid, options);
      throw new CradleError('VALIDATION', udid ? '--all, --watch and --every go without a UDID: cradle backup --all [--watch] [--every 12h].' : 'Name the device (cradle backup <udid>) or use --all (every connected device).');
    },
  },
  backups: {
    args: [1, 2],
    run: async (engine, [what, backup], options) => {
      if (what === 'list' && !backup) return backupsListCommand(engine, options);
      if (what === 'verify' && backup) return backupsVerifyCommand(engine, backup, options);
      if (what === 'archive' && backup) return backupsArchiveCommand(engine, backup, options);
      if (what === 'delete' && backup) return backupsDeleteCommand(engine, backup, options);
      if (what === 'versions' && backup) return backupsVersionsCommand(engine, backup, options);
      process.stderr.write(`Unknown: backups ${what}. Try: cradle backups list | verify | archive | delete | versions <backup>\n`);
      return EXIT.usage;
    },
  },
  browse: { args: [2, 4], run: (engine, args, options) => browseCommand(engine, args, options) },
  extract: { args: [2, 3], run: (engine, args, options) => extractCommand(engine, args, options) },
  restore: { args: 1, run: (engine, [udid], options) => restoreCommand(engine, udid!, options) },
  clone: { args: [0, 200], run: (engine, udids, options) => cloneCommand(engine, udids, options) },
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
        'keep-versions': { type: 'string' },
        yes: { type: 'boolean', default: false },
        out: { type: 'string' },
        from: { type: 'string' },
        'no-reboot': { type: 'boolean', default: false },
        system: { type: 'boolean', default: false },
        settings: { type: 'boolean', default: false },
        remove: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        'name-pattern': { type: 'string' },
        report: { type: 'string' },
        every: { type: 'string' },
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
  const [least, most] = typeof command?.args === 'number' ? [command.args, command.args] : (command?.args ?? [0, 0]);
  if (!command || args.length < least || args.length > most) {
    process.stderr.write(`${command ? `${name} takes ${least === most ? least : `${least} to ${most}`} argument(s)` : `Unknown command: ${name}`}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const keepVersions = values['keep-versions'] === undefined ? undefined : wholeNumber(values['keep-versions']);
  if (values['keep-versions'] !== undefined && !(keepVersions !== undefined && keepVersions >= 0 && keepVersions <= MAX_KEEP_VERSIONS)) {
    process.stderr.write(`--keep-versions takes a whole number from 0 to ${MAX_KEEP_VERSIONS}.\n`);
    return EXIT.usage;
  }
  const concurrency = values.concurrency === undefined ? undefined : wholeNumber(values.concurrency);
  if (values.concurrency !== undefined && !(concurrency !== undefined && concurrency >= 1 && concurrency <= MAX_FLEET_CONCURRENCY)) {
    process.stderr.write(`--concurrency takes a whole number from 1 to ${MAX_FLEET_CONCURRENCY}.\n`);
    return EXIT.usage;
  }
  const everyMs = values.every === undefined ? undefined : parseInterval(values.every);
  if (values.every !== undefined && everyMs === undefined) {
    process.stderr.write('--every takes a duration such as 30m, 12h or 7d.\n');
    return EXIT.usage;
  }
  const reportProblem = values.report === undefined ? undefined : await reportPathProblem(values.report);
  if (reportProblem) {
    process.stderr.write(`--report cannot be written: ${reportProblem}. Choose a .csv or .json file in a folder you can write.\n`);
    return EXIT.usage;
  }
  const engine = createEngine();
  try {
    const options = {
      json: values.json,
      dir: values.dir,
      full: values.full,
      out: values.out,
      passwordStdin: values['password-stdin'],
      yes: values.yes,
      keepVersions,
      from: values.from,
      reboot: !values['no-reboot'],
      system: values.system,
      settings: values.settings,
      remove: values.remove,
      all: values.all,
      watch: values.watch,
      concurrency,
      namePattern: values['name-pattern'],
      report: values.report,
      everyMs,
    };
    return await command.run(engine, args, options);
  } catch (error) {
    return reportError(error, values.json);
  } finally {
    await engine.close();
  }
}

/** A whole number written as plain digits (`''`, `0x2`, `1e2` and ` 3` are not); undefined otherwise. */
function wholeNumber(text: string): number | undefined {
  return /^[0-9]{1,9}$/.test(text) ? Number(text) : undefined;
}
