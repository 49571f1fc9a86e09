/**
 * Backup passwords for the CLI: from --password-stdin, CRADLE_BACKUP_PASSWORD (and
 * CRADLE_BACKUP_NEW_PASSWORD), or a prompt that does not echo. Never from argv.
 */
import { createInterface } from 'node:readline';
import { CradleError } from '../../shared/errors.ts';

let stdinLines: string[] | undefined;

/** Reads all of stdin once and splits it into lines (first line = first password asked for). */
async function stdinPasswords(): Promise<string[]> {
  if (!stdinLines) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    stdinLines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  }
  return stdinLines;
}

/** Where passwords come from for this command. */
export interface PasswordSource {
  fromStdin: boolean;
}

/**
 * Gets one password: `which` 0 is the current (or only) password, 1 the new one when changing.
 * @throws CradleError PASSWORD_REQUIRED (exit 8, as a wrong one) when none can be had without a terminal.
 */
export async function readPassword(source: PasswordSource, which: 0 | 1, question: string): Promise<string> {
  let password: string | undefined;
  if (source.fromStdin) password = (await stdinPasswords())[which];
  else password = which === 0 ? process.env.CRADLE_BACKUP_PASSWORD : process.env.CRADLE_BACKUP_NEW_PASSWORD;
  if (!password && !source.fromStdin && process.stdin.isTTY) password = await promptHidden(question);
  if (!password) {
    throw new CradleError(
      'PASSWORD_REQUIRED',
      `No ${which === 0 ? '' : 'new '}password given: use --password-stdin, set ${which === 0 ? 'CRADLE_BACKUP_PASSWORD' : 'CRADLE_BACKUP_NEW_PASSWORD'}, or run in a terminal to be asked.`,
    );
  }
  return password;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    process.stderr.write(question);
    output._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
