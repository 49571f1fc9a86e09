/**
 * Backup crypto figures against their floors:
 * - unlock: parseKeybag + unlockKeybag with the real counts (DPIC 10,000,000, ITER 10,000) vs the same two
 *   PBKDF2 steps run by `openssl kdf` (and by a Node one-liner, pbkdf2Sync), target ≤ 1.2×. The password
 *   on openssl's command line is a random throwaway made for the bench, never a real one.
 * - decrypt: ~256 MB of AES-256-CBC through createDecryptStream to a file vs `openssl enc -d -aes-256-cbc`
 *   on the same bytes (the key on its command line is random too), target ≤ 2× openssl's time.
 * Also reports the main thread's longest stall while unlocking (PBKDF2 runs on libuv's pool).
 *
 *   node --import tsx bench/library-crypto.ts [--decrypt-mb 256] [--rounds 2]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDecryptStream } from '../electron/engine/crypto/file-cipher.ts';
import { parseKeybag } from '../electron/engine/crypto/keybag.ts';
import { unlockKeybag } from '../electron/engine/crypto/unlock.ts';
import { encodeTlv, wrapKey, type TlvField } from '../tests/helpers/backup-crypto-fixtures.ts';

const DPIC = 10_000_000;
const ITER = 10_000;
const MB = 1e6;

/** Unlock timings in seconds (best of the rounds). */
export interface UnlockFigures {
  ours: number;
  openssl: number;
  node: number;
  /** ours / openssl. */
  ratio: number;
  /** Longest main-thread stall during our unlock, in milliseconds. */
  maxEventLoopDelayMs: number;
}

/** Decrypt throughput (best of the rounds). */
export interface DecryptFigures {
  megabytes: number;
  oursSeconds: number;
  opensslSeconds: number;
  oursMbPerSecond: number;
  opensslMbPerSecond: number;
  /** ours / openssl (time). */
  ratio: number;
}

/** `openssl kdf … PBKDF2` → the derived key. */
function opensslPbkdf2(digest: 'SHA256' | 'SHA1', pass: string, salt: Buffer, iterations: number): Buffer {
  const run = spawnSync('openssl', ['kdf', '-keylen', '32', '-kdfopt', `digest:${digest}`, '-kdfopt', pass, '-kdfopt', `hexsalt:${salt.toString('hex')}`, '-kdfopt', `iter:${iterations}`, 'PBKDF2'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl kdf failed (OpenSSL 3 is needed): ${run.stderr}`);
  return Buffer.from(run.stdout.trim().replace(/:/g, ''), 'hex');
}

/** A VERS 5 keybag with the real counts whose class keys are wrapped with `kek`. */
function realCountKeybag(kek: Buffer, salt: Buffer, dpsl: Buffer): { bytes: Buffer; classKey1: Buffer } {
  const fields: TlvField[] = [['VERS', 5], ['TYPE', 1], ['UUID', randomBytes(16)], ['HMCK', randomBytes(40)], ['WRAP', 0], ['SALT', salt], ['ITER', ITER], ['DPWT', 1], ['DPIC', DPIC], ['DPSL', dpsl]];
  const classKey1 = randomBytes(32);
  for (const protectionClass of [1, 2, 3, 4, 6, 7, 8]) {
    fields.push(['UUID', randomBytes(16)], ['CLAS', protectionClass], ['WRAP', 2], ['KTYP', 0], ['WPKY', wrapKey(kek, protectionClass === 1 ? classKey1 : randomBytes(32))]);
  }
  return { bytes: encodeTlv(fields), classKey1 };
}

/**
 * Times the unlock of a real-count keybag against openssl kdf and pbkdf2Sync, interleaved in each round
 * (the machine is shared: best of the rounds, same conditions for all three).
 */
export async function benchUnlock(rounds = 1): Promise<UnlockFigures> {
  const password = `bench-${randomBytes(8).toString('hex')}`;
  const dpsl = randomBytes(20);
  const salt = randomBytes(20);
  const figures = { ours: Infinity, openssl: Infinity, node: Infinity, maxEventLoopDelayMs: 0 };
  let keybag: { bytes: Buffer; classKey1: Buffer } | undefined;
  let opensslKek: Buffer | undefined;
  const runs: Record<'openssl' | 'node' | 'ours', () => Promise<void>> = {
    openssl: async () => {
      const k1 = opensslPbkdf2('SHA256', `pass:${password}`, dpsl, DPIC);
      opensslKek = opensslPbkdf2('SHA1', `hexpass:${k1.toString('hex')}`, salt, ITER);
      keybag ??= realCountKeybag(opensslKek, salt, dpsl);
    },
    node: async () => {
      const kek = pbkdf2Sync(pbkdf2Sync(password, dpsl, DPIC, 32, 'sha256'), salt, ITER, 32, 'sha1');
      if (!kek.equals(opensslKek!)) throw new Error('openssl and Node derive different keys');
    },
    ours: async () => {
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const keys = await unlockKeybag(parseKeybag(keybag!.bytes), password);
      delay.disable();
      figures.maxEventLoopDelayMs = Math.max(figures.maxEventLoopDelayMs, delay.max / 1e6);
      if (!keys.get(1)?.equals(keybag!.classKey1)) throw new Error('unlock gave other class keys');
    },
  };
  for (let round = 0; round < rounds; round++) {
    // The first openssl run also makes the keybag, so ours never runs first.
    const order = round % 2 === 0 ? (['openssl', 'node', 'ours'] as const) : (['ours', 'node', 'openssl'] as const);
    for (const tool of order) {
      const start = performance.now();
      await runs[tool]();
      figures[tool] = Math.min(figures[tool], (performance.now() - start) / 1000);
    }
  }
  return { ...figures, ratio: figures.ours / figures.openssl };
}

/** Writes `megabytes` of random-looking data AES-256-CBC encrypted; returns the plaintext's SHA-256. */
function writeEncrypted(file: string, key: Buffer, megabytes: number): string {
  const source = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  const cbc = createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
  const hash = createHash('sha256');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(8 * 1024 * 1024);
  for (let left = megabytes * MB; left > 0; left -= chunk.length) {
    const plain = source.update(chunk.subarray(0, Math.min(chunk.length, left)));
    hash.update(plain);
    writeSync(fd, cbc.update(plain));
  }
  writeSync(fd, cbc.final());
  closeSync(fd);
  return hash.digest('hex');
}

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function runOpenssl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`openssl enc failed: ${stderr}`))));
  });
}

/** Times decrypt + write of the same encrypted file by createDecryptStream and by openssl enc -d. */
export async function benchDecrypt(megabytes = 256, rounds = 2): Promise<DecryptFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-bench-crypto-'));
  try {
    const key = randomBytes(32);
    const encrypted = join(dir, 'encrypted');
    const expected = writeEncrypted(encrypted, key, megabytes);
    let ours = Infinity;
    let openssl = Infinity;
    for (let round = 0; round < rounds; round++) {
      for (const tool of round % 2 === 0 ? ['ours', 'openssl'] : ['openssl', 'ours']) {
        const out = join(dir, `plain-${tool}`);
        rmSync(out, { force: true });
        const start = performance.now();
        if (tool === 'ours') {
          await pipeline(createReadStream(encrypted, { highWaterMark: 1024 * 1024 }), createDecryptStream(key), createWriteStream(out));
        } else {
          await runOpenssl(['enc', '-d', '-aes-256-cbc', '-K', key.toString('hex'), '-iv', '0'.repeat(32), '-in', encrypted, '-out', out]);
        }
        const seconds = (performance.now() - start) / 1000;
        if (sha256Of(out) !== expected) throw new Error(`${tool} decrypted other bytes`);
        if (tool === 'ours') ours = Math.min(ours, seconds);
        else openssl = Math.min(openssl, seconds);
        rmSync(out, { force: true });
      }
    }
    return {
      megabytes, oursSeconds: ours, opensslSeconds: openssl,
      oursMbPerSecond: megabytes / ours, opensslMbPerSecond: megabytes / openssl, ratio: ours / openssl,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as a markdown table. */
export function cryptoTable(unlock: UnlockFigures, decrypt: DecryptFigures): string {
  return [
    '| measure | Cradle | floor | ratio (target) |',
    '|---|---|---|---|',
    `| unlock, DPIC 10,000,000 + ITER 10,000 | ${unlock.ours.toFixed(2)} s (main thread max stall ${unlock.maxEventLoopDelayMs.toFixed(0)} ms) | openssl kdf ${unlock.openssl.toFixed(2)} s; Node pbkdf2Sync ${unlock.node.toFixed(2)} s | ${unlock.ratio.toFixed(2)}× (≤ 1.2×) |`,
    `| decrypt + write ${decrypt.megabytes} MB AES-256-CBC | ${decrypt.oursSeconds.toFixed(2)} s = ${decrypt.oursMbPerSecond.toFixed(0)} MB/s | openssl enc -d ${decrypt.opensslSeconds.toFixed(2)} s = ${decrypt.opensslMbPerSecond.toFixed(0)} MB/s | ${decrypt.ratio.toFixed(2)}× (≤ 2×) |`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { 'decrypt-mb': { type: 'string', default: '256' }, rounds: { type: 'string', default: '2' } } });
  const rounds = Number(values.rounds);
  const unlock = await benchUnlock(rounds);
  const decrypt = await benchDecrypt(Number(values['decrypt-mb']), rounds);
  console.log(cryptoTable(unlock, decrypt));
}
