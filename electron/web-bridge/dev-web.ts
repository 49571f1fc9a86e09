/**
 * `npm run dev:web`: the engine and the loopback bridge in plain Node, serving the built renderer to a
 * browser. Prints the URL (with its one-time token) to open.
 */
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/api/handlers.ts';
import { startBridge } from './server.ts';

const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const port = Number(process.env.CRADLE_BRIDGE_PORT ?? 0);
const engine = createEngine({ watchDevices: true });
const bridge = await startBridge({ engine, staticDir, port });
process.stdout.write(`Cradle is running in the browser at:\n  ${bridge.url}\nPress Ctrl+C to stop.\n`);

const stop = async () => {
  await bridge.close();
  await engine.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
