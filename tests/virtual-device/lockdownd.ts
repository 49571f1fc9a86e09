/**
 * The virtual lockdownd (port 62078): QueryType, values, pairing, TLS sessions and StartService
 * (PROTOCOLS.md §2, §8). One instance per usbmuxd tunnel.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { DeviceState, HostPairing } from './device.ts';
import { StreamReader, writePlistMessage } from './framing.ts';
import { trace } from './debug-log.ts';
import { getValue, setValue } from './lockdown-values.ts';
import { pair, unpair, validatePair, type LockdownReply } from './pairing.ts';
import type { ServicePorts } from './service-ports.ts';
import { acceptTls, type TlsCredentials } from './tls-server.ts';
import type { ServiceDefinition } from './types.ts';

/** The lockdown port devices listen on. */
export const LOCKDOWN_PORT = 62078;

/** What lockdownd works with. */
export interface LockdownContext {
  device: DeviceState;
  ports: ServicePorts;
  services: ReadonlyMap<string, ServiceDefinition>;
}

interface Session {
  id: string;
  host: HostPairing;
  tls: TlsCredentials;
}

/** Serves one lockdown connection until the host closes it. */
export function serveLockdown(socket: Duplex, context: LockdownContext): void {
  void new LockdownConnection(socket, context).run().catch(() => socket.destroy());
}

class LockdownConnection {
  private stream: Duplex;
  private reader: StreamReader;
  private session: Session | undefined;

  constructor(
    socket: Duplex,
    private readonly context: LockdownContext,
  ) {
    this.stream = socket;
    this.reader = new StreamReader(socket);
  }

  async run(): Promise<void> {
    for (;;) {
      const message = await this.reader.readPlist();
      if (message === undefined) break;
      if (!message || typeof message !== 'object' || Array.isArray(message)) {
        await this.send({ Error: 'InvalidRequest' });
        continue;
      }
      const request = message as Record<string, unknown>;
      trace('lockdown', `${String(request.Request)} ${[request.Domain, request.Key, request.Service].filter(Boolean).join(' ')}`);
      if (request.Request === 'StartSession') {
        await this.startSession(request);
        continue;
      }
      const reply = this.answer(request);
      if (reply.Error) trace('lockdown', `→ ${String(reply.Error)}`);
      await this.send(reply);
      if (request.Request === 'Goodbye') break;
    }
    this.stream.end();
  }

  private answer(request: Record<string, unknown>): LockdownReply {
    const { device } = this.context;
    switch (request.Request) {
      case 'QueryType':
        return { Request: 'QueryType', Type: 'com.apple.mobile.lockdown' };
      case 'GetValue':
        return getValue(device, request, this.session !== undefined);
      case 'SetValue':
        return setValue(device, request, this.session !== undefined);
      case 'Pair':
        return pair(device, request);
      case 'ValidatePair':
        return validatePair(device, request);
      case 'Unpair':
        return unpair(device, request);
      case 'StopSession':
        return this.stopSession(request);
      case 'StartService':
        return this.startService(request);
      case 'Goodbye':
        return { Request: 'Goodbye', Result: 'Success' };
      default:
        return { Request: request.Request, Error: 'InvalidRequest' };
    }
  }

  private async startSession(request: Record<string, unknown>): Promise<void> {
    const reply = { Request: 'StartSession' };
    const { device } = this.context;
    if (this.session) return this.send({ ...reply, Error: 'SessionActive' });
    if (typeof request.HostID !== 'string') return this.send({ ...reply, Error: 'MissingHostID' });
    const host = device.hosts.get(request.HostID);
    if (!host) return this.send({ ...reply, Error: 'InvalidHostID' });
    const id = randomUUID().toUpperCase();
    const tls: TlsCredentials = {
      key: device.privateKeyPem,
      cert: host.DeviceCertificate,
      peers: [host.RootCertificate, host.HostCertificate],
      legacy: Number.parseInt(String(device.domain('').ProductVersion), 10) < 10,
    };
    // The reply goes out in plaintext; the host starts its handshake only after reading it, so the
    // reader can hand the socket to TLS right away.
    // A failed write shows up as a failed handshake below.
    this.send({ ...reply, SessionID: id, EnableSessionSSL: true }).catch(() => undefined);
    const early = this.reader.detach();
    if (early.length > 0) this.stream.unshift(early);
    this.stream = await acceptTls(this.stream, tls);
    this.reader = new StreamReader(this.stream);
    this.session = { id, host, tls };
  }

  private stopSession(request: Record<string, unknown>): LockdownReply {
    const reply = { Request: 'StopSession' };
    if (!this.session) return { ...reply, Error: 'SessionInactive' };
    if (request.SessionID !== this.session.id) return { ...reply, Error: 'InvalidSessionID' };
    // The host now sends TLS close_notify and closes; the reader then ends and so does this connection.
    this.session = undefined;
    return reply;
  }

  private startService(request: Record<string, unknown>): LockdownReply {
    const { device, ports, services } = this.context;
    const name = request.Service;
    const reply: LockdownReply = { Request: 'StartService' };
    if (typeof name !== 'string') return { ...reply, Error: 'MissingService' };
    reply.Service = name;
    if (!this.session) return { ...reply, Error: 'SessionInactive' };
    const definition = services.get(name);
    if (!definition) return { ...reply, Error: 'InvalidService' };
    const escrowBag = request.EscrowBag;
    if (escrowBag !== undefined && !(Buffer.isBuffer(escrowBag) && escrowBag.equals(this.session.host.EscrowBag))) {
      return { ...reply, Error: 'EscrowLocked' };
    }
    // With the escrow bag the device can open its data while locked; without it, it must be unlocked.
    if (definition.needsUnlock && device.locked && escrowBag === undefined) {
      return { ...reply, Error: 'PasswordProtected' };
    }
    const port = ports.add({ definition, ...(definition.ssl ? { tls: this.session.tls } : {}) });
    return { ...reply, Port: port, ...(definition.ssl ? { EnableServiceSSL: true } : {}) };
  }

  private send(reply: LockdownReply): Promise<void> {
    return writePlistMessage(this.stream, reply, 'xml');
  }
}
