/**
 * A request that fails the contract, in words a person can act on: which value is wrong and what it must be,
 * never a channel name or a schema (the CLI shows these messages as they are).
 */
import type { ErrorPayload } from '../../../shared/errors.ts';

/** What a field must be, by its name in the contract's requests. */
const FIELD_WORDS: Record<string, string> = {
  udid: 'a device UDID: 24 to 40 characters of 0–9, A–F and dashes, as `cradle devices` lists them',
  id: 'a backup of the library',
  backupId: 'a backup of the library',
  fileID: 'a file of the backup (40 hexadecimal characters)',
  password: 'a password of 1 to 1,024 characters',
  oldPassword: 'a password of 1 to 1,024 characters',
  newPassword: 'a password of 1 to 1,024 characters',
  name: 'a name of 1 to 64 characters',
  namePattern: 'a name pattern of 1 to 64 characters',
  concurrency: 'a whole number of devices at once',
  jobId: 'a job id',
};

/** The parts of a zod issue this reads. */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** The VALIDATION payload for `request`, which failed with `issues`. */
export function validationPayload(request: unknown, issues: readonly Issue[]): ErrorPayload {
  const first = issues[0];
  return {
    code: 'VALIDATION',
    message: first ? issueWords(request, first) : 'The request was malformed.',
    details: issues.map((issue) => ({ field: issue.path.join('.'), problem: issue.code })),
  };
}

function issueWords(request: unknown, issue: Issue): string {
  if (issue.code === 'unrecognized_keys') return `The request has ${issue.keys?.length === 1 ? 'a field' : 'fields'} Cradle does not know: ${(issue.keys ?? []).map((key) => shown(key)).join(', ')}.`;
  const field = issue.path.join('.');
  if (!field) return `The request was malformed: ${issue.message}.`;
  const last = issue.path[issue.path.length - 1];
  const value = valueAt(request, issue.path);
  // A field's own words, unless the value is one of a list (zod names the choices).
  const own = typeof last === 'string' && Object.hasOwn(FIELD_WORDS, last) && issue.code !== 'invalid_value' ? FIELD_WORDS[last] : undefined;
  if (value === undefined) return `${field} is missing${own ? `: it must be ${own}` : ''}.`;
  return own ? `${shown(value)} is not ${own}.` : `${field} ${shown(value)} is refused: ${issue.message}.`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A value as the message shows it: quoted and cut short (a hostile request may send megabytes). */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;
}
