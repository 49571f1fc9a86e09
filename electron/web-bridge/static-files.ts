/**
 * Serves the built renderer from one folder, never outside it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The CSP of the renderer in the browser; the same policy as the app's meta tag. */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Answers a GET for `urlPath` from `root`; 404 for anything missing or outside it. */
export async function serveStatic(root: string, urlPath: string, response: ServerResponse): Promise<void> {
  const base = resolve(root);
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    relative = '/';
  }
  if (relative.endsWith('/')) relative += 'index.html';
  const path = resolve(join(base, relative));
  const inside = path.startsWith(base + sep) && !relative.includes('\0');
  const info = inside ? await stat(path).catch(() => undefined) : undefined;
  if (!info?.isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  response.writeHead(200, {
    'content-type': MIME[extname(path)] ?? 'application/octet-stream',
    'content-length': info.size,
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  createReadStream(path).pipe(response);
}
