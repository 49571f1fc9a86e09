/**
 * Configuration profiles installed on the device (com.apple.mobile.MCInstall GetProfileList).
 */
import type { Duplex } from 'node:stream';
import type { ConfigurationProfile } from '../../../shared/devices.ts';
import { useAppiumService } from './appium-adapter.ts';
import { loadAppium, plistServiceInternals } from './appium.ts';

/** The MCInstall service name. */
export const MCINSTALL_SERVICE = 'com.apple.mobile.MCInstall';

/** Lists the installed configuration profiles, in the device's order. */
export async function listProfiles(stream: Duplex): Promise<ConfigurationProfile[]> {
  const { MCInstallProxyService, PlistService } = await loadAppium();
  return useAppiumService(
    stream,
    (s) => new MCInstallProxyService(new PlistService(s)),
    (service) => plistServiceInternals(service._plistService),
    async (service) => profilesFromList(await service.getProfileList()),
    'the configuration profiles',
  );
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
