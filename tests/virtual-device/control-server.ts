/**
 * Control socket of the virtual device CLI (`<socket>.control`): newline-delimited JSON requests
 * `{"cmd": "...", ...}` answered by `{"ok": true, ...}` or `{"ok": false, "error": "..."}`.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { VirtualDeviceServer } from './server.ts';
import { listenOnPath } from './socket-path.ts';
import type { TrustMode } from './types.ts';

/** Largest request line accepted. */
const MAX_LINE = 64 * 1024;

type Request = Record<string, unknown>;

function text(request: Request, key: string): string {
  const value = request[key];
  if (typeof value !== 'string' || value === '') throw new Error(`"${key}" must be a non-empty string`);
  return value;
}

function flag(request: Request, key: string): boolean {
  const value = request[key];
  if (typeof value !== 'boolean') throw new Error(`"${key}" must be true or false`);
  return value;
}

function numberOrNull(request: Request, key: string): number | null {
  const value = request[key];
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`"${key}" must be a number ≥ 0 or null`);
  return value;
}

/** Runs one control request against the server; returns the extra fields of the ok reply. */
export function runControlCommand(server: VirtualDeviceServer, request: Request, stop: () => void): Record<string, unknown> {
  switch (request.cmd) {
    case 'status':
      return { address: server.address, devices: server.status() };
    case 'unplug':
      server.unplug(text(request, 'udid'));
      return {};
    case 'replug':
      server.replug(text(request, 'udid'));
      return {};
    case 'acceptTrust':
      server.acceptTrust(text(request, 'udid'));
      return {};
    case 'denyTrust':
      server.denyTrust(text(request, 'udid'));
      return {};
    case 'setTrustMode': {
      const mode = text(request, 'mode');
      if (mode !== 'auto' && mode !== 'pending' && mode !== 'deny') throw new Error('"mode" must be auto, pending or deny');
      server.setTrustMode(text(request, 'udid'), mode satisfies TrustMode);
      return {};
    }
    case 'setLocked':
      server.setLocked(text(request, 'udid'), flag(request, 'locked'));
      return {};
    case 'enterPasscode':
      server.enterPasscode(text(request, 'udid'));
      return {};
    case 'setFindMy':
      server.setFindMy(text(request, 'udid'), flag(request, 'on'));
      return {};
    case 'setIosVersion':
      server.setIosVersion(text(request, 'udid'), text(request, 'version'));
      return {};
    case 'setName':
      server.setName(text(request, 'udid'), text(request, 'name'));
      return {};
    case 'failAfterBytes':
      server.failAfterBytes(text(request, 'udid'), numberOrNull(request, 'bytes'));
      return {};
    case 'setThrottle':
      server.setThrottle(text(request, 'udid'), numberOrNull(request, 'mbps'));
      return {};
    case 'postNotification':
      server.postNotification(text(request, 'udid'), text(request, 'name'));
      return {};
    case 'stop':
      // Answer first; the process then shuts down as on SIGTERM.
      setImmediate(stop);
      return {};
    default:
      throw new Error(`unknown command ${JSON.stringify(request.cmd)}`);
  }
}

/** Answers one control request with the extra fields of its ok reply; throws for an error reply. */
export type ControlHandler = (request: Request) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** The control socket server. */
export class ControlServer {
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly socketPath: string,
    private readonly handle: ControlHandler,
  ) {}

  listen(): Promise<void> {
    return listenOnPath(this.server, this.socketPath);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    let pending = '';
    // Requests are answered in order, one after the other (a forwarded one waits for another process).
    let answered = Promise.resolve();
    socket.on('data', (chunk: string) => {
      pending += chunk;
      if (pending.length > MAX_LINE && !pending.includes('\n')) {
        socket.end(`${JSON.stringify({ ok: false, error: 'request line too long' })}\n`);
        return;
      }
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line) answered = answered.then(async () => void socket.write(`${JSON.stringify(await this.answer(line))}\n`));
      }
    });
  }

  private async answer(line: string): Promise<Record<string, unknown>> {
    try {
      const request = JSON.parse(line) as unknown;
      if (!request || typeof request !== 'object' || Array.isArray(request)) throw new Error('request must be a JSON object');
      return { ok: true, ...(await this.handle(request as Request)) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
