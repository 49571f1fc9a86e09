/**
 * One device process of `--processes` (started by device-processes.ts over an IPC channel): runs its share
 * of the devices with their own usbmuxd socket, serves the connections the front hands over and the control
 * requests it forwards, and stops when told to or when the front goes away.
 */
import type net from 'node:net';
import { runControlCommand } from './control-server.ts';
import type { ShardMessage } from './device-processes.ts';
import { startVirtualDevices, type VirtualDeviceServer } from './server.ts';

let server: VirtualDeviceServer | undefined;
let stopping = false;

function send(message: ShardMessage): void {
  if (process.connected) process.send!(message);
}

function shutdown(): void {
  if (stopping) return;
  stopping = true;
  void (server?.stop() ?? Promise.resolve()).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`device process: shutdown failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

process.on('message', (message: ShardMessage, handle: unknown) => {
  switch (message.type) {
    case 'start':
      startVirtualDevices(message.options).then(
        (started) => {
          server = started;
          send({ type: 'ready', udids: started.devices.map((device) => device.udid) });
        },
        (error: unknown) => {
          process.stderr.write(`device process: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
          process.exit(1);
        },
      );
      break;
    case 'connect': {
      const socket = handle as net.Socket | undefined;
      if (!socket) break;
      // The front accepted it half-open: a host that ends its side still receives what the device sends.
      socket.allowHalfOpen = true;
      if (server && !stopping) server.adoptConnection(socket, Buffer.from(message.head, 'base64'));
      else socket.destroy();
      break;
    }
    case 'control': {
      let reply: Extract<ShardMessage, { type: 'controlReply' }>['reply'];
      try {
        if (!server) throw new Error('the devices are still starting');
        reply = { ok: true, ...runControlCommand(server, message.request, shutdown) };
      } catch (error) {
        reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      send({ type: 'controlReply', id: message.id, reply });
      break;
    }
    case 'stop':
      shutdown();
      break;
  }
});
process.on('disconnect', shutdown);
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
