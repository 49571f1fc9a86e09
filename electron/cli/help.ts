/**
 * The CLI's help: the overview (`cradle --help`) and each command's own (`cradle <command> --help`,
 * `cradle help <command>`), and the usage lines wrong usage prints. Nothing here loads the engine, so help
 * answers as fast as `--version`.
 */
import { DEFAULT_FLEET_CONCURRENCY, MAX_FLEET_CONCURRENCY } from '../../shared/fleet.ts';

/** What an option does, by name (each command's help lists the ones it reads). */
const OPTIONS: Record<string, string> = {
  '--json': 'Print machine-readable JSON (errors as {"error":{...}} on stderr).',
  '--dir <folder>': 'Backup folder (default: the standard one, or CRADLE_BACKUP_DIR).',
  '--full': 'Force a full backup.',
  '--all': 'Every connected device.',
  '--watch': 'Also each device that gets connected, until Ctrl+C.',
  '--every <duration>': 'Skip devices backed up within it: 30m, 12h, 7d.',
  '--concurrency <n>': `Devices at once, 1 to ${MAX_FLEET_CONCURRENCY} (default ${DEFAULT_FLEET_CONCURRENCY}).`,
  '--report <file>': 'Write a .csv or .json report: serial, UDID, name, result, duration, error.',
  '--keep-versions <n>': 'Earlier backups to keep as versions (default 0).',
  '--yes': 'Confirm what cannot be undone.',
  '--out <folder>': 'Where to save.',
  '--password-stdin': 'Read passwords from standard input, one per line (current, then new).',
  '--from <backup>': 'The backup to restore.',
  '--settings': 'Restore settings too.',
  '--system': 'Restore system files too.',
  '--remove': 'Delete what the backup does not have.',
  '--no-reboot': 'Do not restart the device after the restore.',
  '--name-pattern <p>': 'Rename each device after: {n}, {serial}, {udid}, {name} ("Loaner {n}").',
};

const BACKUP_ARGUMENT = '<backup> is a backup folder, or the UDID of a device whose backup is in --dir or the backup folder.';
const PASSWORDS = 'Encrypted backups ask for their password (or read --password-stdin / CRADLE_BACKUP_PASSWORD); never from the command line.';

interface CommandHelp {
  /** The command's usage, without "cradle ". */
  usage: string;
  /** What it does, in a few lines. */
  about: string[];
  options: (keyof typeof OPTIONS)[];
  notes?: string[];
}

/** Every command (and `backups` subcommand) with its help. */
export const COMMAND_HELP: Record<string, CommandHelp> = {
  devices: { usage: 'devices', about: ['List connected devices: name, model, iOS version, serial, paired or not.'], options: ['--json'] },
  info: { usage: 'info <udid>', about: ["Show a device's summary: model, iOS, serial, capacity, battery, backup encryption, Find My, supervision, last backup (needs pairing)."], options: ['--json'] },
  pair: { usage: 'pair <udid>', about: ['Pair with a device: tap Trust on it when asked. Ctrl+C cancels.'], options: ['--json'] },
  unpair: { usage: 'unpair <udid>', about: ['Forget the pairing, on the device and on this computer.'], options: ['--json'] },
  rename: { usage: 'rename <udid> <name>', about: ['Rename a device.'], options: ['--json'] },
  backup: {
    usage: 'backup (<udid> | --all) [options]',
    about: [
      'Back up a device (incremental; --full for a full backup) into --dir or the standard backup folder.',
      'Progress on the terminal; one JSON job event per line with --json.',
      `--all backs up every connected device, --concurrency at once; one failing never stops the others.`,
      'Devices that do not trust this computer are paired: tap Trust on each.',
    ],
    options: ['--dir <folder>', '--full', '--keep-versions <n>', '--all', '--watch', '--every <duration>', '--concurrency <n>', '--report <file>', '--json'],
  },
  'backups list': {
    usage: 'backups list',
    about: ['List the backups in --dir or the backup folder: device, iOS, date, size, state (complete, incomplete, archived, version), encrypted or not, and the program that made it.'],
    options: ['--dir <folder>', '--json'],
  },
  'backups versions': { usage: 'backups versions <udid>', about: ["A device's backup, archives and versions, newest first."], options: ['--dir <folder>', '--json'] },
  'backups archive': {
    usage: 'backups archive <backup>',
    about: ['A dated copy next to it (<udid>-YYYYMMDD-HHMMSS, as Finder names them), never overwritten; unchanged files are hard links.'],
    options: ['--dir <folder>', '--json'],
    notes: [BACKUP_ARGUMENT],
  },
  'backups delete': {
    usage: 'backups delete <backup> --yes',
    about: ['Delete a backup permanently (a terminal has no Trash; the app uses it).'],
    options: ['--yes', '--dir <folder>', '--json'],
    notes: [BACKUP_ARGUMENT],
  },
  'backups verify': {
    usage: 'backups verify <backup>',
    about: ['Check a backup is whole: every file of its manifest present with a plausible size, plists readable. Exit 1 when something is wrong.'],
    options: ['--dir <folder>', '--password-stdin', '--json'],
    notes: [BACKUP_ARGUMENT, PASSWORDS],
  },
  browse: {
    usage: 'browse <backup> (summary | ls [domain[/path]] | cat <domain> <path>)',
    about: ['summary: what a backup holds (contacts, messages, photos…) with counts.', "ls: the backup's domains, or a folder's contents.", "cat: a file's (decrypted) contents on standard output."],
    options: ['--dir <folder>', '--password-stdin', '--json'],
    notes: [BACKUP_ARGUMENT, PASSWORDS],
  },
  extract: {
    usage: 'extract <backup> <domain> [<path>] --out <folder>',
    about: ['Save a file, folder or domain with its original names into <folder> (existing files are never replaced).'],
    options: ['--out <folder>', '--dir <folder>', '--password-stdin', '--json'],
    notes: [BACKUP_ARGUMENT, PASSWORDS],
  },
  encryption: {
    usage: 'encryption <udid> (status | on | off | change)',
    about: ['Show or change "Encrypt local backup". Passwords come from a prompt, --password-stdin or CRADLE_BACKUP_PASSWORD and CRADLE_BACKUP_NEW_PASSWORD; never from the command line.'],
    options: ['--password-stdin', '--json'],
  },
  restore: {
    usage: 'restore <udid> --from <backup> [options]',
    about: [
      'Restore a backup onto a device. Checks come first (trust, lock, Find My, iOS version, password, space, battery, supervision) and nothing is sent while one fails; the restart is followed. Managed devices need --yes for what the restore changes in their management.',
    ],
    options: ['--from <backup>', '--settings', '--system', '--remove', '--no-reboot', '--yes', '--dir <folder>', '--password-stdin', '--json'],
    notes: [BACKUP_ARGUMENT, PASSWORDS],
  },
  clone: {
    usage: 'clone --from <backup> (--all | <udid>...) [options]',
    about: [
      'Restore one golden backup onto many devices at once; each device is checked and restored on its own, one failing never stops the others.',
      'Devices that do not trust this computer are paired (tap Trust on each).',
    ],
    options: ['--from <backup>', '--all', '--watch', '--concurrency <n>', '--name-pattern <p>', '--report <file>', '--settings', '--system', '--remove', '--no-reboot', '--yes', '--dir <folder>', '--password-stdin', '--json'],
    notes: [BACKUP_ARGUMENT, PASSWORDS],
  },
  doctor: { usage: 'doctor', about: ["Show Cradle's version and whether the device service (usbmuxd) answers."], options: ['--json'] },
};

const EXIT_CODES = `Exit codes: 0 success, 1 failure, 2 wrong usage, 3 no usbmuxd answers, 4 device not found,
5 device does not trust this computer, 6 device locked, 7 cancelled, 8 wrong or missing backup password.`;

/** Terminal width the help is wrapped to. */
const WIDTH = 100;

/** `text` wrapped to WIDTH, every line after the first indented by `indent` spaces (the first starts at `start`). */
function wrap(text: string, indent: number, start = indent): string {
  const lines: string[] = [];
  let line = '';
  let room = WIDTH - start;
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = WIDTH - indent;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The overview `cradle --help` prints. */
export function overviewHelp(): string {
  const column = 34;
  const lines = Object.values(COMMAND_HELP).map(({ usage, about }) => {
    const first = wrap(about[0]!, column);
    return usage.length < column - 3 ? `  ${usage.padEnd(column - 2)}${first}` : `  ${usage}\n${' '.repeat(column)}${first}`;
  });
  return [
    'Usage: cradle <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run cradle <command> --help (or cradle help <command>) for what a command does and its options.',
    '  --json                          Machine-readable output (every command).',
    '  -h, --help                      Show help.',
    "  -v, --version                   Show Cradle's version.",
    '',
    EXIT_CODES,
  ].join('\n');
}

/** One command's help (`cradle <command> --help`). */
export function commandHelp(name: string): string {
  const help = COMMAND_HELP[name]!;
  const width = Math.max(...help.options.map((option) => option.length)) + 4;
  return [
    `Usage: cradle ${help.usage}`,
    '',
    ...help.about.map((line) => wrap(line, 0)),
    '',
    'Options:',
    ...help.options.map((option) => `  ${option.padEnd(width)}${wrap(OPTIONS[option]!, width + 2)}`),
    ...(help.notes ? ['', ...help.notes.map((note) => wrap(note, 0))] : []),
    '',
    EXIT_CODES,
  ].join('\n');
}

/** The help entry positionals name: `backups verify` for the subcommand, else the command; undefined when unknown. */
export function helpTopic(positionals: readonly string[]): string | undefined {
  const [name, sub] = positionals;
  if (name === undefined) return undefined;
  if (name === 'backups') return sub !== undefined && hasHelp(`backups ${sub}`) ? `backups ${sub}` : undefined;
  return hasHelp(name) ? name : undefined;
}

/** Whether `topic` (a command, or `backups <subcommand>`) has help of its own. */
export function hasHelp(topic: string): boolean {
  return Object.hasOwn(COMMAND_HELP, topic);
}

/** The help to print for argv asking for help (`--help`, `-h`, `help [command]`); undefined for anything else. */
export function requestedHelp(argv: readonly string[]): string | undefined {
  const positionals = argv.filter((arg) => !arg.startsWith('-'));
  const asked = argv.includes('--help') || argv.includes('-h');
  if (positionals[0] === 'help') {
    const topic = helpTopic(positionals.slice(1));
    return topic ? commandHelp(topic) : positionals[1] === 'backups' ? backupsHelp() : overviewHelp();
  }
  if (!asked) return undefined;
  const topic = helpTopic(positionals);
  if (topic) return commandHelp(topic);
  return positionals[0] === 'backups' ? backupsHelp() : overviewHelp();
}

const BACKUPS_USAGE = 'backups (list | versions | archive | delete | verify) ...';

/** `cradle backups --help`: its subcommands. */
function backupsHelp(): string {
  const subcommands = Object.keys(COMMAND_HELP).filter((name) => name.startsWith('backups '));
  return [`Usage: cradle ${BACKUPS_USAGE}`, '', ...subcommands.map((name) => `  cradle ${COMMAND_HELP[name]!.usage.padEnd(31)}${wrap(COMMAND_HELP[name]!.about[0]!, 40)}`), '', 'Run cradle backups <subcommand> --help for its options.'].join('\n');
}

/** A usage error's words: what is wrong with `cradle <topic>`, its usage line and where its help is. */
export function usageError(topic: string, problem: string): string {
  const usage = topic === 'backups' ? BACKUPS_USAGE : hasHelp(topic) ? COMMAND_HELP[topic]!.usage : `${topic} ...`;
  return `cradle ${topic}: ${problem}\nUsage: cradle ${usage}\nRun cradle ${topic} --help for its options.\n`;
}
