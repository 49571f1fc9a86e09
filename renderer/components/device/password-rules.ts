/**
 * The backup password dialogs' rules: which fields each asks for, what is wrong with what was typed, and
 * the `encryption:change` request it becomes. Pure, so it is tested in Node.
 */
import type { EncryptionChange } from '../../store/backup-slice.ts';

/** Which dialog: turn encryption on (set a password), off (give the password), or change it. */
export type PasswordMode = EncryptionChange['action'];

/** The fields of a password dialog. */
export type PasswordField = 'oldPassword' | 'newPassword' | 'verify';

/** What was typed, field by field. */
export type PasswordFields = Readonly<Record<PasswordField, string>>;

/** The same longest password the IPC contract accepts. */
export const MAX_PASSWORD_LENGTH = 1024;

/** The fields each dialog shows, in order. */
export const FIELDS: Readonly<Record<PasswordMode, readonly PasswordField[]>> = {
  on: ['newPassword', 'verify'],
  off: ['oldPassword'],
  change: ['oldPassword', 'newPassword', 'verify'],
};

/** Empty fields, to start with and to clear what was typed. */
export const NO_PASSWORDS: PasswordFields = { oldPassword: '', newPassword: '', verify: '' };

/** The first problem with what was typed, and the field to fix; undefined when it can be sent. */
export function passwordProblem(mode: PasswordMode, fields: PasswordFields): { field: PasswordField; message: string } | undefined {
  const shown = FIELDS[mode];
  if (shown.includes('oldPassword') && fields.oldPassword === '') return { field: 'oldPassword', message: 'Enter the current password.' };
  if (!shown.includes('newPassword')) return undefined;
  if (fields.newPassword === '') return { field: 'newPassword', message: 'Enter a password.' };
  if (fields.newPassword.length > MAX_PASSWORD_LENGTH) {
    return { field: 'newPassword', message: `Use at most ${MAX_PASSWORD_LENGTH.toLocaleString('en-US')} characters.` };
  }
  if (fields.verify !== fields.newPassword) return { field: 'verify', message: 'The passwords don’t match. Type the same password twice.' };
  if (mode === 'change' && fields.newPassword === fields.oldPassword) return { field: 'newPassword', message: 'The new password is the same as the current one.' };
  return undefined;
}

/** The request for the engine (call only when {@link passwordProblem} found nothing). */
export function encryptionChange(udid: string, mode: PasswordMode, fields: PasswordFields, remember?: boolean): EncryptionChange {
  const keep = remember === undefined ? {} : { remember };
  switch (mode) {
    case 'on':
      return { udid, action: 'on', newPassword: fields.newPassword, ...keep };
    case 'off':
      return { udid, action: 'off', oldPassword: fields.oldPassword };
    case 'change':
      return { udid, action: 'change', oldPassword: fields.oldPassword, newPassword: fields.newPassword, ...keep };
  }
}
