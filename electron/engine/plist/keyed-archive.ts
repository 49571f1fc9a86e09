/**
 * NSKeyedArchiver archives (binary plists with `$archiver`, `$top`, `$objects`): the root object with its
 * UID references resolved. Used for Manifest.db's MBFile records and the archives apps keep in backups.
 */
import { CradleError } from '../../../shared/errors.ts';
import { decodePlist } from './codec.ts';

/** How deep references are followed: real archives nest a few levels; a cycle stops here. */
const MAX_DEPTH = 32;
/**
 * Values resolved per byte of archive. An object referred to from many places is expanded at each one, so
 * layers of objects naming the next layer twice would otherwise expand to billions of values within MAX_DEPTH.
 */
const RESOLVED_PER_BYTE = 16;

type Dict = Record<string, unknown>;

/**
 * The archive's root object, UIDs replaced by the objects they name (`$null` becomes undefined).
 * @throws CradleError BACKUP_CORRUPT when the bytes are not a keyed archive.
 */
export function unarchive(bytes: Buffer, what = 'archive'): Dict {
  const archive = decodePlist(bytes, what) as Dict | undefined;
  const objects = archive?.$objects;
  const top = archive?.$top as Dict | undefined;
  if (archive?.$archiver !== 'NSKeyedArchiver' || !Array.isArray(objects) || !top || typeof top !== 'object') {
    throw new CradleError('BACKUP_CORRUPT', `The ${what} is not a keyed archive.`);
  }
  let budget = RESOLVED_PER_BYTE * bytes.length + 1024;
  const resolve = (value: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new CradleError('BACKUP_CORRUPT', `The ${what} nests too deeply.`);
    if (--budget < 0) throw new CradleError('BACKUP_CORRUPT', `The ${what} expands to far more objects than it holds.`);
    if (isUid(value)) {
      if (value.UID >= objects.length) throw new CradleError('BACKUP_CORRUPT', `The ${what} refers to a missing object.`);
      const target = objects[value.UID];
      return target === '$null' ? undefined : resolve(target, depth + 1);
    }
    if (Array.isArray(value)) return value.map((item) => resolve(item, depth + 1));
    if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date)) {
      const out: Dict = {};
      for (const [key, item] of Object.entries(value)) out[key] = resolve(item, depth + 1);
      return out;
    }
    return value;
  };
  const root = resolve(top.root ?? Object.values(top)[0], 0);
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new CradleError('BACKUP_CORRUPT', `The ${what} has no root object.`);
  return root as Dict;
}

/** The class name of an unarchived object (`$class.$classname`). */
export function className(object: Dict): string | undefined {
  const name = (object.$class as Dict | undefined)?.$classname;
  return typeof name === 'string' ? name : undefined;
}

function isUid(value: unknown): value is { UID: number } {
  return !!value && typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as { UID?: unknown }).UID === 'number';
}
