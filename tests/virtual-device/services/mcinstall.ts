/**
 * com.apple.mobile.MCInstall (configuration profiles): `GetProfileList`, `GetCloudConfiguration`, `Flush`.
 * Requests are `{RequestType}` dicts; replies carry `Status: Acknowledged` or an `ErrorChain`.
 */
import type { Duplex } from 'node:stream';
import { profilesFor } from '../content/index.ts';
import { StreamReader, writePlistMessage } from '../framing.ts';
import type { ServiceDefinition, VirtualDevice } from '../types.ts';

function answer(request: Record<string, unknown>, device: VirtualDevice): Record<string, unknown> {
  switch (request.RequestType) {
    case 'GetProfileList':
      return { ...profilesFor(device.profile), Status: 'Acknowledged' };
    case 'GetCloudConfiguration': {
      const supervised = device.values['com.apple.mobile.chaperone']?.DeviceIsChaperoned === true;
      return { CloudConfiguration: { IsSupervised: supervised }, Status: 'Acknowledged' };
    }
    case 'Flush':
      return { Status: 'Acknowledged' };
    default:
      return {
        Status: 'Error',
        ErrorChain: [{ ErrorCode: 1, ErrorDomain: 'MCInstallationErrorDomain', LocalizedDescription: `Unknown request ${String(request.RequestType)}` }],
      };
  }
}

async function serve(socket: Duplex, device: VirtualDevice): Promise<void> {
  const reader = new StreamReader(socket);
  for (;;) {
    const request = (await reader.readPlist()) as Record<string, unknown> | undefined;
    if (request === undefined) return;
    await writePlistMessage(socket, answer(request, device), 'xml');
  }
}

/** The MCInstall service. */
export const mcInstallService: ServiceDefinition = {
  name: 'com.apple.mobile.MCInstall',
  ssl: false,
  handle(socket: Duplex, device: VirtualDevice): void {
    serve(socket, device).catch(() => socket.destroy());
  },
};
