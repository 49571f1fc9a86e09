/**
 * Configuration profiles installed on the device (com.apple.mobile.MCInstall GetProfileList), on our plist
 * channel: a `{RequestType}` dict out, one dict back with `Status: Acknowledged` or an `ErrorChain`.
 * (appium-ios-device's client pulled in a dependency tree that cost `cradle info` about 0.65 s of CPU.)
 */
import type { Duplex } from 'node:stream';
import type { ConfigurationProfile } from '../../../shared/devices.ts';
import { CradleError } from '../../../shared/errors.ts';
import { PlistChannel } from '../lockdown/plist-channel.ts';

/** The MCInstall service name. */
export const MCINSTALL_SERVICE = 'com.apple.mobile.MCInstall';

const REPLY_TIMEOUT_MS = 30_000;

/** Lists the installed configuration profiles, in the device's order. */
export async function listProfiles(stream: Duplex): Promise<ConfigurationProfile[]> {
  const channel = new PlistChannel(stream, 'xml');
  try {
    await channel.send({ RequestType: 'GetProfileList' });
    const reply = await channel.receiveDict(REPLY_TIMEOUT_MS);
    if (reply.Status !== 'Acknowledged') {
      throw new CradleError('PROTOCOL', 'The device could not list its configuration profiles.', { status: String(reply.Status), error: firstError(reply.ErrorChain) });
    }
    return profilesFromList(reply);
  } finally {
    channel.close();
  }
}

/** The first error's description in an MCInstall ErrorChain, when there is one. */
function firstError(chain: unknown): string | undefined {
  const first = Array.isArray(chain) ? (chain[0] as Record<string, unknown> | undefined) : undefined;
  return typeof first?.LocalizedDescription === 'string' ? first.LocalizedDescription : undefined;
}

/** Turns a GetProfileList answer into profiles. */
export function profilesFromList(list: { OrderedIdentifiers?: unknown; ProfileMetadata?: unknown }): ConfigurationProfile[] {
  const ids = Array.isArray(list.OrderedIdentifiers) ? list.OrderedIdentifiers.filter((id) => typeof id === 'string') : [];
  const metadata = (list.ProfileMetadata ?? {}) as Record<string, Record<string, unknown>>;
  return ids.map((identifier) => {
    const meta = metadata[identifier] ?? {};
    const text = (key: string) => (typeof meta[key] === 'string' ? (meta[key] as string) : undefined);
    return {
      identifier,
      displayName: text('PayloadDisplayName') ?? identifier,
      organization: text('PayloadOrganization'),
      description: text('PayloadDescription'),
      removable: meta.PayloadRemovalDisallowed !== true,
    };
  });
}
