/**
 * `cradle`: the engine for scripts and IT staff. Words for people by default, `--json` for machines.
 * Exit codes are in output.ts and README.md.
 */
import { parseArgs } from 'node:util';
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
import { hasHelp, helpTopic, overviewHelp, usageError } from './help.ts';
import { EXIT, reportError } from './output.ts';

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
      throw usage('backup', udid ? '--all, --watch and --every go without a UDID: cradle backup --all [--watch] [--every 12h].' : 'name the device (cradle backup <udid>) or use --all (every connected device).');
    },
  },
  backups: {
    args: [1, 2],
    run: async (engine, [what, backup], options) => {
      const topic = `backups ${what}`;
      if (!hasHelp(topic)) throw usage('backups', `unknown subcommand "${what}": use list, versions, archive, delete or verify.`);
      if (what === 'list') {
        if (backup) throw usage(topic, `unexpected argument "${backup}".`);
        return backupsListCommand(engine, options);
      }
      if (!backup) throw usage(topic, what === 'versions' ? 'name the device: its UDID.' : 'name the backup: a backup folder or a device UDID.');
      if (what === 'verify') return backupsVerifyCommand(engine, backup, options);
      if (what === 'archive') return backupsArchiveCommand(engine, backup, options);
      if (what === 'delete') return backupsDeleteCommand(engine, backup, options);
      return backupsVersionsCommand(engine, backup, options);
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

/** The positional arguments each command takes, by name, for "missing <udid>". */
const ARGUMENT_NAMES: Record<string, string[]> = {
  info: ['<udid>'],
  pair: ['<udid>'],
  unpair: ['<udid>'],
  rename: ['<udid>', '<name>'],
  restore: ['<udid>'],
  encryption: ['<udid>', 'status|on|off|change'],
  backups: ['list|versions|archive|delete|verify'],
  browse: ['<backup>', 'summary|ls|cat'],
  extract: ['<backup>', '<domain>'],
};

/** A usage error (exit 2) for `cradle <topic>`. */
function usage(topic: string, problem: string): UsageError {
  return new UsageError(usageError(topic, problem));
}

/** Wrong usage found while a command runs: its words are printed as they are, exit 2. */
class UsageError extends Error {}

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
    const topic = helpTopic(argv.filter((arg) => !arg.startsWith('-')));
    process.stderr.write(topic ? usageError(topic, (error as Error).message) : `${(error as Error).message}\n\n${overviewHelp()}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${CRADLE_VERSION}\n`);
    return EXIT.ok;
  }
  // Help was answered by main.ts before this module loaded.
  const [name, ...args] = positionals;
  if (!name) {
    process.stdout.write(`${overviewHelp()}\n`);
    return EXIT.usage;
  }
  // Own keys only: `constructor` or `__proto__` is no command.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`cradle: unknown command "${name}".\n\n${overviewHelp()}\n`);
    return EXIT.usage;
  }
  const [least, most] = typeof command.args === 'number' ? [command.args, command.args] : command.args;
  if (args.length < least || args.length > most) {
    const missing = ARGUMENT_NAMES[name]?.slice(args.length, least).join(' ');
    process.stderr.write(usageError(name, args.length < least ? `missing ${missing ?? 'arguments'}.` : `unexpected argument "${args[most]}".`));
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
    if (error instanceof UsageError) {
      process.stderr.write(error.message);
      return EXIT.usage;
    }
    return reportError(error, values.json);
  } finally {
    await engine.close();
  }
}

/** A whole number written as plain digits (`''`, `0x2`, `1e2` and ` 3` are not); undefined otherwise. */
function wholeNumber(text: string): number | undefined {
  return /^[0-9]{1,9}$/.test(text) ? Number(text) : undefined;
}
