/**
 * Shared pieces of the hostile-backup fuzz tests: every parser that reads backup bytes behind one name,
 * the rule each must keep (parse, or throw the CradleError its documentation names; some never throw),
 * a heap watch, and hand-built binary plists for structures no encoder would write.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { CradleError, type ErrorCode } from '../../shared/errors.ts';
import { decodeDerAttributes } from '../../electron/engine/crypto/der.ts';
import { parseKeybag } from '../../electron/engine/crypto/keybag.ts';
import { decryptKeychain } from '../../electron/engine/crypto/keychain.ts';
import { attributedBodyText } from '../../electron/engine/library/categories/attributed-body.ts';
import { applyWal } from '../../electron/engine/library/categories/memory-database.ts';
import { noteText } from '../../electron/engine/library/categories/note-body.ts';
import { exifThumbnail } from '../../electron/engine/library/categories/thumbnails.ts';
import { openManifestDb } from '../../electron/engine/library/manifest-db.ts';
import { parseMbdb } from '../../electron/engine/library/mbdb.ts';
import { readMBFile } from '../../electron/engine/library/mbfile.ts';
import { previewBytes } from '../../electron/engine/library/preview.ts';
import { decodePlist } from '../../electron/engine/plist/codec.ts';
import { unarchive } from '../../electron/engine/plist/keyed-archive.ts';

/** The fast-check seed: fixed so a CI failure replays; CRADLE_FUZZ_SEED varies it (nightly soak). */
export const FUZZ_SEED = Number(process.env.CRADLE_FUZZ_SEED ?? 0x0c7ad1e);

/** A parser of backup bytes and the error codes it may throw ([] = it must never throw). */
interface ParserRule {
  run: (bytes: Buffer) => unknown;
  codes: readonly ErrorCode[];
}

const ENTRY = { fileID: '0'.repeat(40), domain: 'HomeDomain', relativePath: 'Library/fuzz', kind: 'file' as const };
const NO_KEYS = new Map<number, Buffer>([[3, Buffer.alloc(32, 7)]]);

/** Every parser the fuzz tests feed, by name. */
export const PARSERS = {
  plist: { run: (bytes) => decodePlist(bytes, 'fuzzed plist'), codes: ['PROTOCOL'] },
  unarchive: { run: (bytes) => unarchive(bytes, 'fuzzed archive'), codes: ['BACKUP_CORRUPT', 'PROTOCOL'] },
  mbfile: { run: (bytes) => readMBFile(ENTRY, bytes), codes: ['BACKUP_CORRUPT', 'PROTOCOL'] },
  keybag: { run: parseKeybag, codes: ['BACKUP_CORRUPT'] },
  keychain: { run: (bytes) => decryptKeychain(bytes, NO_KEYS), codes: ['BACKUP_CORRUPT'] },
  der: { run: decodeDerAttributes, codes: [] },
  mbdb: { run: parseMbdb, codes: ['BACKUP_CORRUPT'] },
  note: { run: noteText, codes: [] },
  attributedBody: { run: attributedBodyText, codes: [] },
  exif: { run: exifThumbnail, codes: [] },
  wal: { run: (bytes) => applyWal(Buffer.alloc(4096), bytes), codes: [] },
  preview: { run: previewBytes, codes: [] },
  manifestDb: {
    run: (bytes) => {
      const db = openManifestDb(bytes);
      try {
        for (const entry of db.all()) {
          db.byId(entry.fileID);
          db.find(entry.domain, entry.relativePath);
          db.fileBlob(entry.fileID);
        }
        for (const domain of db.domainCounts().keys()) db.domainEntries(domain);
      } finally {
        db.close();
      }
    },
    codes: ['BACKUP_CORRUPT'],
  },
} satisfies Record<string, ParserRule>;

/** A parser's name. */
export type ParserName = keyof typeof PARSERS;

/** What one input did: parsed, or refused with a code. */
export type Outcome = 'parsed' | `refused:${ErrorCode}`;

/**
 * Runs one parser on one input and checks its rule: anything thrown that is not a CradleError of an
 * allowed code fails the assertion (with the input in hex, so a failure can be replayed).
 */
export function outcomeOf(name: ParserName, bytes: Buffer): Outcome {
  const rule: ParserRule = PARSERS[name];
  try {
    rule.run(bytes);
    return 'parsed';
  } catch (error) {
    const allowed = error instanceof CradleError && rule.codes.includes(error.code);
    assert.ok(allowed, `${name} threw ${error instanceof CradleError ? `CradleError ${error.code}` : String(error)} on ${bytes.subarray(0, 256).toString('hex')}${bytes.length > 256 ? `… (${bytes.length} bytes)` : ''}`);
    return `refused:${(error as CradleError).code}`;
  }
}

/** Counts outcomes, for the tally and to check a run exercised both paths. */
export class OutcomeCount {
  readonly counts = new Map<string, number>();
  total = 0;

  add(outcome: Outcome): void {
    this.total += 1;
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  get parsed(): number {
    return this.counts.get('parsed') ?? 0;
  }

  get refused(): number {
    return this.total - this.parsed;
  }
}

/** Heap ceiling of the fuzzing process: far above a parser's honest needs, far below a bomb's. */
export const HEAP_LIMIT_BYTES = 768 * 1024 * 1024;

/** Samples the heap while a fuzz run goes on; `check()` fails when it ever went past {@link HEAP_LIMIT_BYTES}. */
export class HeapWatch {
  peak = 0;

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed);
  }

  check(what: string): void {
    this.sample();
    assert.ok(this.peak < HEAP_LIMIT_BYTES, `${what}: the heap reached ${Math.round(this.peak / 1e6)} MB`);
  }
}

/** Options of {@link binaryPlist}: trailer fields, for structures a real encoder never writes. */
export interface BinaryPlistLayout {
  top?: number;
  refSize?: number;
  offsetSize?: number;
  /** The object count the trailer claims (default: the real count). */
  claimedCount?: bigint;
}

/** A binary plist of raw object encodings (marker byte first), in order, with a correct offset table. */
export function binaryPlist(objects: readonly Buffer[], layout: BinaryPlistLayout = {}): Buffer {
  const { top = 0, refSize = 1, offsetSize = 4 } = layout;
  const parts: Buffer[] = [Buffer.from('bplist00', 'latin1')];
  const offsets: number[] = [];
  let length = 8;
  for (const object of objects) {
    offsets.push(length);
    parts.push(object);
    length += object.length;
  }
  const table = Buffer.alloc(offsets.length * offsetSize);
  offsets.forEach((offset, index) => table.writeUIntBE(offset, index * offsetSize, offsetSize));
  const trailer = Buffer.alloc(32);
  trailer[6] = offsetSize;
  trailer[7] = refSize;
  trailer.writeBigUInt64BE(layout.claimedCount ?? BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(BigInt(top), 16);
  trailer.writeBigUInt64BE(BigInt(length), 24);
  return Buffer.concat([...parts, table, trailer]);
}

/** The marker and length bytes of a string, data or container object of `count` elements. */
export function sized(type: number, count: number): Buffer {
  if (count < 15) return Buffer.from([(type << 4) | count]);
  const length = Buffer.alloc(5);
  length[0] = 0x12;
  length.writeUInt32BE(count, 1);
  return Buffer.concat([Buffer.from([(type << 4) | 0x0f]), length]);
}

/** One input for {@link runIsolated}. */
export interface IsolatedCase {
  label: string;
  parser: ParserName;
  bytes: Buffer;
}

/** What happened to one isolated case. */
export interface IsolatedResult {
  label: string;
  outcome?: Outcome;
  /** Why the case broke its rule: a wrong error, a crash, a hang (the child killed at the deadline). */
  failure?: string;
}

const RUNNER = new URL('./hostile-input-runner.ts', import.meta.url).pathname;

/**
 * Feeds cases to their parsers in a child process with a small heap and a deadline: a bomb that would take
 * the machine's memory or never end kills only the child, and the case it was on is reported as failed.
 */
export function runIsolated(cases: readonly IsolatedCase[], { heapMb = 256, timeoutMs = 60_000 } = {}): IsolatedResult[] {
  const input = JSON.stringify(cases.map(({ parser, bytes }) => ({ parser, hex: bytes.toString('hex') })));
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', RUNNER], { input, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = child.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { index: number; outcome?: Outcome; failure?: string });
  return cases.map(({ label }, index) => {
    const line = lines.find((candidate) => candidate.index === index);
    if (line) return { label, outcome: line.outcome, failure: line.failure };
    const why = child.error ? `${child.error.message} (deadline ${timeoutMs} ms)` : `the child ended with ${child.signal ?? child.status}: ${child.stderr.slice(-500)}`;
    return { label, failure: `never finished: ${why}` };
  });
}

/** One change to an encoding (binary plists: trailer and offset-table changes too). Positions are fractions, so they land inside inputs of any length. */
export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'trailer'; field: 6 | 7 | 8 | 16 | 24; value: bigint }
  | { kind: 'offset'; index: number; value: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
/** Any {@link Mutation}. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fraction, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fraction }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fraction, count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({
    kind: fc.constant('trailer' as const),
    field: fc.constantFrom(6 as const, 7 as const, 8 as const, 16 as const, 24 as const),
    value: fc.oneof(fc.bigInt({ min: 0n, max: 300n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.constantFrom(1n << 24n, (1n << 24n) - 1n, 1n << 32n, 1n << 63n)),
  }),
  fc.record({ kind: fc.constant('offset' as const), index: fc.nat(), value: fc.oneof(fc.nat(300), fc.nat()) }),
);

/** Applies one mutation to a copy of `input`. */
export function mutate(input: Buffer, change: Mutation): Buffer {
  const bytes = Buffer.from(input);
  const at = (position: number) => Math.floor(position * bytes.length);
  switch (change.kind) {
    case 'flip':
      if (bytes.length > 0) bytes[at(change.at)]! ^= 1 << change.bit;
      return bytes;
    case 'set':
      if (bytes.length > 0) bytes[at(change.at)] = change.byte;
      return bytes;
    case 'truncate': return bytes.subarray(0, at(change.keep));
    case 'insert': return Buffer.concat([bytes.subarray(0, at(change.at)), change.bytes, bytes.subarray(at(change.at))]);
    case 'delete': return Buffer.concat([bytes.subarray(0, at(change.at)), bytes.subarray(at(change.at) + change.count)]);
    case 'trailer': {
      const trailer = bytes.length - 32;
      if (trailer < 0) return bytes;
      if (change.field <= 7) bytes[trailer + change.field] = Number(change.value & 0xffn);
      else bytes.writeBigUInt64BE(change.value, trailer + change.field);
      return bytes;
    }
    case 'offset': {
      // The offset table: its position and entry size are in the trailer.
      if (bytes.length < 40) return bytes;
      const size = bytes[bytes.length - 26]!;
      const table = Number(bytes.readBigUInt64BE(bytes.length - 8));
      const count = Number(bytes.readBigUInt64BE(bytes.length - 24));
      if (size < 1 || size > 6 || count < 1) return bytes;
      const entry = table + (change.index % count) * size;
      if (entry + size <= bytes.length) bytes.writeUIntBE(change.value % 2 ** (8 * size), entry, size);
      return bytes;
    }
  }
}

/** Runs one fast-check property over `parser`, counting outcomes and watching the heap. */
export function fuzz<T>(parser: ParserName, inputs: fc.Arbitrary<T>, toBytes: (value: T) => Buffer, numRuns: number): OutcomeCount {
  const count = new OutcomeCount();
  const heap = new HeapWatch();
  fc.assert(
    fc.property(inputs, (value) => {
      count.add(outcomeOf(parser, toBytes(value)));
      if (count.total % 64 === 0) heap.sample();
    }),
    { seed: FUZZ_SEED, numRuns },
  );
  heap.check(parser);
  return count;
}
