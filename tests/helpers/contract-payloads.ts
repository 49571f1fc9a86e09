/**
 * Payloads generated from the IPC contract's zod schemas (shared/ipc/contract.ts): a valid request for
 * every channel, then malformed ones made from it (wrong types, missing fields, unknown and
 * prototype-polluting keys, huge strings, deep nesting, `..` paths), and fast-check arbitraries of the
 * same. Tests of the dispatcher, the Electron handler path and the bridge share them.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { ZodMiniType } from 'zod/mini';

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
}

interface SchemaDef {
  type: string;
  /** A string format schema's own format (`z.uuid()`). */
  format?: string;
  shape?: Record<string, ZodMiniType>;
  innerType?: ZodMiniType;
  element?: ZodMiniType;
  options?: ZodMiniType[];
  entries?: Record<string, string>;
  values?: unknown[];
  checks?: { _zod: { def: CheckDef } }[];
}

const defOf = (schema: ZodMiniType) => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
const checksOf = (def: SchemaDef) => (def.checks ?? []).map((check) => check._zod.def);

/** A string that satisfies a string schema's checks (regex, uuid, length). */
function validString(def: SchemaDef, seed: number): string {
  const checks = checksOf(def);
  const regex = checks.find((check) => check.format === 'regex')?.pattern;
  if (regex) return fc.sample(fc.stringMatching(regex), { numRuns: 1, seed })[0]!;
  if (def.format === 'uuid' || checks.some((check) => check.format === 'uuid')) return randomUUID();
  const min = checks.find((check) => check.check === 'min_length')?.minimum ?? 1;
  return 'x'.repeat(Math.max(min, 1));
}

/** Valid values of `schema`: one per union option, objects with and without their optional fields. */
export function validSamples(schema: ZodMiniType, seed = 1): unknown[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      let full: Record<string, unknown>[] = [{}];
      let required: Record<string, unknown>[] = [{}];
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const values = validSamples(field, seed);
        full = full.flatMap((base) => values.map((value) => ({ ...base, [key]: value })));
        if (defOf(field).type !== 'optional') required = required.flatMap((base) => values.map((value) => ({ ...base, [key]: value })));
      }
      return [...full, ...required].slice(0, 8);
    }
    case 'optional':
      return validSamples(def.innerType!, seed);
    case 'nullable':
      return [...validSamples(def.innerType!, seed), null];
    case 'union':
      return (def.options ?? []).flatMap((option) => validSamples(option, seed));
    case 'array':
      return [validSamples(def.element!, seed).slice(0, 1)];
    case 'string':
      return [validString(def, seed)];
    case 'number': {
      const min = checksOf(def).find((check) => check.check === 'greater_than')?.value;
      return [min ?? 0];
    }
    case 'boolean':
      return [true, false];
    case 'enum':
      return Object.values(def.entries ?? {}).slice(0, 2);
    case 'literal':
      return [def.values?.[0]];
    default:
      throw new Error(`contract-payloads: no generator for zod type ${def.type}`);
  }
}

/** An object nested `depth` levels deep (built without recursion). */
export function deepNesting(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

/** Values of every wrong kind, hostile strings among them. */
export const WRONG_VALUES: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['number', 42],
  ['negative number', -1],
  ['fraction', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['huge number', 1e308],
  ['string', 'text'],
  ['empty string', ''],
  ['huge string', 'A'.repeat(200_000)],
  ['dot-dot path', '../../../../../../../../etc/passwd'],
  ['absolute path', '/etc/passwd'],
  ['windows path', 'C:\\Windows\\System32\\config\\SAM'],
  ['NUL in string', 'a\0b'],
  ['boolean', true],
  ['array', []],
  ['array of strings', ['../..', '/']],
  ['empty object', {}],
  ['deep nesting', deepNesting(1_000)],
  ['huge array', Array.from({ length: 20_001 }, () => 'x')],
];

/** Keys that must never be accepted nor reach a prototype. */
const EXTRA_KEYS: [string, () => Record<string, unknown>][] = [
  ['unknown key', () => ({ extra: 1 })],
  ['__proto__ key', () => JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true}}') as Record<string, unknown>],
  ['constructor.prototype key', () => ({ constructor: { prototype: { polluted: 'yes' } } })],
  ['a path key', () => ({ path: '/etc' })],
  ['an output folder key', () => ({ outDir: '/tmp/not-chosen', folder: '/', destination: '../../..' })],
];

/** A labelled payload. */
export interface LabelledPayload {
  label: string;
  payload: unknown;
}

/** Every object path of `value` (arrays through their first element), the root as []. */
function objectPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length ? objectPaths(value[0], [...at, 0]) : [];
  if (!value || typeof value !== 'object') return [];
  return [at, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...at, key]))];
}

/** A deep copy of `value` with `change` applied to the object at `at`. */
function changedAt(value: unknown, at: (string | number)[], change: (target: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (const step of at) target = target[step] as Record<string, unknown>;
  change(target);
  return copy;
}

/** Malformed and hostile variants of the valid `samples`: every field replaced, removed, and joined by extra keys. */
export function mutations(samples: readonly unknown[]): LabelledPayload[] {
  const out: LabelledPayload[] = WRONG_VALUES.map(([label, payload]) => ({ label: `payload is ${label}`, payload }));
  out.push({ label: 'payload is an array of the valid request', payload: [samples[0]] });
  for (const sample of samples) {
    for (const at of objectPaths(sample)) {
      const where = at.join('.') || '(root)';
      for (const [label, make] of EXTRA_KEYS) out.push({ label: `${label} at ${where}`, payload: changedAt(sample, at, (target) => Object.assign(target, make())) });
      const target = at.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], sample) as Record<string, unknown>;
      for (const key of Object.keys(target)) {
        out.push({ label: `${where}.${key} missing`, payload: changedAt(sample, at, (object) => delete object[key]) });
        for (const [label, wrong] of WRONG_VALUES) out.push({ label: `${where}.${key} is ${label}`, payload: changedAt(sample, at, (object) => (object[key] = wrong)) });
      }
    }
  }
  return out;
}

/** Random payloads for a channel: anything at all, and valid requests with random extra keys or a field replaced. */
export function arbitraryPayload(samples: readonly unknown[]): fc.Arbitrary<unknown> {
  const objects = samples.filter((sample): sample is Record<string, unknown> => !!sample && typeof sample === 'object' && !Array.isArray(sample));
  const anything = fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false, withTypedArray: true, withSparseArray: true });
  if (objects.length === 0) return anything;
  const base = fc.constantFrom(...objects);
  const withExtra = fc.tuple(base, fc.dictionary(fc.string({ minLength: 1 }), anything, { minKeys: 1, maxKeys: 3 })).map(([sample, extra]) => ({ ...sample, ...extra }));
  const replaced = base.chain((sample) => {
    const keys = Object.keys(sample);
    if (keys.length === 0) return fc.constant<unknown>({ ...sample, extra: true });
    return fc.tuple(fc.constantFrom(...keys), anything).map(([key, value]) => ({ ...sample, [key]: value }) as unknown);
  });
  return fc.oneof(anything, withExtra, replaced);
}

/** Every string field of a request schema with its path (e.g. `items[].relativePath`), for the confinement table. */
export function stringFields(schema: ZodMiniType, at = ''): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, field]) => stringFields(field, at ? `${at}.${key}` : key));
    case 'optional':
    case 'nullable':
      return stringFields(def.innerType!, at);
    case 'union':
      return [...new Set((def.options ?? []).flatMap((option) => stringFields(option, at)))];
    case 'array':
      return stringFields(def.element!, `${at}[]`);
    case 'string':
      return [at];
    default:
      return [];
  }
}
