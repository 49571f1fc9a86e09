/**
 * A tiny client of the virtual device's control socket (`<socket>.control`), for tests and scripts.
 */
import net from 'node:net';

/** A control reply: `ok` plus the command's fields, or `ok:false` with `error`. */
export type ControlReply = { ok: true; [key: string]: unknown } | { ok: false; error: string };

/** Sends one request and resolves with its reply; rejects on a connection error or after `timeoutMs`. */
export function sendControl(controlPath: string, request: Record<string, unknown>, timeoutMs = 10_000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(controlPath);
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no control reply within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      received += chunk;
      const newline = received.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        resolve(JSON.parse(received.slice(0, newline)) as ControlReply);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
