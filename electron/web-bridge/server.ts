/**
 * The loopback bridge: serves the built renderer and the engine's handler table over a WebSocket on
 * 127.0.0.1, so a browser runs the same renderer as the app (dev:web, E2E tests).
 * Every connection must present the random token; the HTTP side also checks Host against DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../engine/api/dispatch.ts';
import type { Engine } from '../engine/api/handlers.ts';
import { BRIDGE_PATH, TOKEN_PROTOCOL_PREFIX, parseBridgeRequest } from '../../shared/ipc/bridge-protocol.ts';
import { serveStatic } from './static-files.ts';

/** A running bridge. */
export interface Bridge {
  /** The page to open, with the token in the fragment (never sent to the server by the browser). */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Options of the bridge. */
export interface BridgeOptions {
  engine: Engine;
  /** Folder of the built renderer (dist/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

const MAX_MESSAGE = 1024 * 1024;

/** Starts the bridge on 127.0.0.1. */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(24).toString('hex');
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const server = createServer((request, response) => {
    if (!allowedHosts().includes(request.headers.host ?? '') || request.method !== 'GET') {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
      return;
    }
    void serveStatic(options.staticDir, request.url ?? '/', response);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE, handleProtocols: (protocols) => [...protocols][0] ?? false });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (request, socket, head) => {
    if (!isAuthorised(request, token, allowedHosts())) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // ws closes the socket itself on a bad frame (1009 over MAX_MESSAGE); an unheard error would end the process.
      ws.on('error', () => undefined);
      ws.on('message', (data) => void answer(ws, data.toString()));
    });
  });

  async function answer(ws: WebSocket, text: string): Promise<void> {
    const request = parseBridgeRequest(text);
    const result = request.ok ? await dispatch(options.engine.handlers, request.value.channel, request.value.payload) : request;
    const id = request.ok ? request.value.id : null;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
  }

  const unsubscribe = options.engine.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isAuthorised(request: IncomingMessage, token: string, hosts: string[]): boolean {
  if (new URL(request.url ?? '/', 'http://x').pathname !== BRIDGE_PATH) return false;
  if (!hosts.includes(request.headers.host ?? '')) return false;
  const origin = request.headers.origin;
  if (origin !== undefined && !hosts.some((host) => origin === `http://${host}`)) return false;
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
