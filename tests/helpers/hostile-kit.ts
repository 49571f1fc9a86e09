/**
 * Tools for the hostile-device tests: a seeded random source (so every generated variant can be replayed),
 * a guard that records unhandled rejections and exceptions while a test runs, a memory sampler, a sentinel
 * tree around a backup root (fingerprinted before and after), and a loopback server whose every connection
 * is handed to a script.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CradleError } from '../../shared/errors.ts';
import { fingerprint } from './fingerprint.ts';

/** A small deterministic PRNG (mulberry32): the same seed gives the same variants. */
export class Seeded {
  constructor(private state: number) {}

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** One element of a list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** `length` random bytes. */
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i += 1) out[i] = this.int(256);
    return out;
  }
}

/** Records every unhandled rejection and uncaught exception until `stop()`. */
export function guardProcess(): { failures: unknown[]; stop(): void } {
  const failures: unknown[] = [];
  const record = (error: unknown) => failures.push(error);
  process.on('unhandledRejection', record);
  process.on('uncaughtException', record);
  return {
    failures,
    stop() {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    },
  };
}

/** Samples RSS and heap every few milliseconds; `peak()` gives the largest growth over the start, in bytes. */
export function sampleMemory(intervalMs = 10): { peak(): { rss: number; heap: number }; stop(): { rss: number; heap: number } } {
  const start = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss - start.rss);
    heap = Math.max(heap, now.heapUsed + now.arrayBuffers - start.heapUsed - start.arrayBuffers);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    peak: () => ({ rss, heap }),
    stop() {
      sample();
      clearInterval(timer);
      return { rss, heap };
    },
  };
}

const collect = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Heap plus buffers still referenced after a full garbage collection, in bytes (what is really held). */
export function retainedMemory(): number {
  collect();
  const now = process.memoryUsage();
  return now.heapUsed + now.arrayBuffers;
}

/** The code of an error (a CradleError's code, else the error's name: anything but a code is a finding). */
export function codeOf(error: unknown): string {
  if (error instanceof CradleError) return error.code;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Resolves with the error `work` rejects with, or undefined when it resolves. */
export async function failureOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * A temp folder with a backup root inside and sentinel files around it (siblings, parent, a folder the
 * root's name is a prefix of), fingerprinted: `untouched()` is true when nothing outside the root changed.
 */
export function sentinelRoot(prefix: string): { dir: string; root: string; untouched(): boolean; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const root = path.join(dir, 'root');
  fs.mkdirSync(root);
  for (const name of ['outside.txt', 'root-sibling/keep.txt', 'rootx/keep.txt', 'UDID/keep.txt', 'deep/a/b/c.txt']) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), `sentinel ${name}`);
  }
  const outside = () => new Map([...fingerprint(dir)].filter(([file]) => !file.startsWith(`root${path.sep}`) && !file.endsWith('.sock')));
  const before = outside();
  const listing = () => fs.readdirSync(dir).sort().join('|');
  const entries = listing();
  return {
    dir,
    root,
    untouched() {
      const after = outside();
      return listing() === entries && after.size === before.size && [...before].every(([file, sha]) => after.get(file) === sha);
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A UNIX-socket server handing each connection (numbered from 0) to `script`. */
export async function scriptedServer(
  dir: string,
  script: (socket: net.Socket, index: number) => void,
): Promise<{ path: string; close(): Promise<void> }> {
  const socketPath = path.join(dir, `peer-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
  const sockets = new Set<net.Socket>();
  let index = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    script(socket, index++);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    path: socketPath,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(socketPath, { force: true });
    },
  };
}

/** A usbmuxd packet: 16-byte little-endian header (length, version, message 8 = plist, tag) + body; fields overridable to lie. */
export function usbmuxPacket(tag: number, body: Buffer, overrides: { length?: number; version?: number; message?: number } = {}): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32LE(overrides.length ?? 16 + body.length, 0);
  header.writeUInt32LE(overrides.version ?? 1, 4);
  header.writeUInt32LE(overrides.message ?? 8, 8);
  header.writeUInt32LE(tag, 12);
  return Buffer.concat([header, body]);
}

/** Resolves when a socket whose buffer is full drains or closes; both listeners go either way. */
export function drained(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.once('drain', done).once('close', done);
  });
}

/** Sends `bytes` a few at a time with a pause between pieces, until done or the socket closes. */
export async function trickle(socket: net.Socket, bytes: Buffer, pieceBytes: number, pauseMs: number): Promise<void> {
  for (let at = 0; at < bytes.length && !socket.destroyed; at += pieceBytes) {
    socket.write(bytes.subarray(at, at + pieceBytes));
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** Binary plists that expand hugely when decoded (shared references in layers; one long string referenced many times). */
export function plistBombs(): Buffer[] {
  const layered = (levels: number, width: number) => {
    const objects: Buffer[] = [Buffer.from([0x09])];
    for (let i = 1; i <= levels; i += 1) objects.push(Buffer.from([0xaf, 0x10, width, ...new Array<number>(width).fill(i - 1)]));
    return assemble(objects, levels, 1);
  };
  const longString = Buffer.concat([Buffer.from([0x5f, 0x12]), u32be(200_000), Buffer.alloc(200_000, 0x41)]);
  const manyRefs = Buffer.concat([Buffer.from([0xaf, 0x11]), Buffer.from([0x0f, 0xa0]), Buffer.alloc(8000, 0)]);
  const hugeCount = Buffer.from([0xaf, 0x12, 0x05, 0xf5, 0xe0, 0xff, 0, 0, 0]);
  return [layered(8, 15), layered(20, 4), assemble([longString, manyRefs], 1, 2), assemble([Buffer.from([0x09]), hugeCount], 1, 1)];
}

function u32be(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value, 0);
  return buffer;
}

/** A bplist00 file from raw object encodings (offsets 4 bytes wide, references `refSize` bytes wide). */
export function assemble(objects: Buffer[], top: number, refSize: number): Buffer {
  const offsets: number[] = [];
  let at = 8;
  for (const object of objects) {
    offsets.push(at);
    at += object.length;
  }
  const table = Buffer.alloc(offsets.length * 4);
  offsets.forEach((offset, index) => table.writeUInt32BE(offset, index * 4));
  const trailer = Buffer.alloc(32);
  trailer[6] = 4;
  trailer[7] = refSize;
  trailer.writeUInt32BE(objects.length, 12);
  trailer.writeUInt32BE(top, 20);
  trailer.writeUInt32BE(at, 28);
  return Buffer.concat([Buffer.from('bplist00'), ...objects, table, trailer]);
}
