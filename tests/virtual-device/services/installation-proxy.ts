/**
 * com.apple.mobile.installation_proxy: the installed apps (PROTOCOLS.md §8): `Browse` answers in pages
 * (`Status: BrowsingApplications`) and then `Status: Complete`; `Lookup` answers by bundle id.
 * Options: `ApplicationType` (User, System, Internal, Any) and `ReturnAttributes`.
 */
import type { Duplex } from 'node:stream';
import { appsFor } from '../content/index.ts';
import { StreamReader, writePlistMessage } from '../framing.ts';
import type { ServiceDefinition, VirtualDevice } from '../types.ts';

/** Apps per Browse page. */
const PAGE_SIZE = 10;

type App = Record<string, unknown>;

/** The apps matching the options, as [bundle id, app with only the requested attributes]. */
function selected(apps: App[], options: Record<string, unknown>): Array<[string, App]> {
  const type = typeof options.ApplicationType === 'string' ? options.ApplicationType : 'Any';
  const bundleIds = Array.isArray(options.BundleIDs) ? new Set(options.BundleIDs.map(String)) : undefined;
  const attributes = Array.isArray(options.ReturnAttributes) ? options.ReturnAttributes.map(String) : undefined;
  return apps
    .filter((app) => type === 'Any' || (app.ApplicationType ?? 'User') === type)
    .filter((app) => !bundleIds || bundleIds.has(String(app.CFBundleIdentifier)))
    .map((app) => [
      String(app.CFBundleIdentifier),
      attributes ? Object.fromEntries(attributes.filter((a) => a in app).map((a) => [a, app[a]])) : app,
    ]);
}

async function serve(socket: Duplex, device: VirtualDevice): Promise<void> {
  const reader = new StreamReader(socket);
  const send = (value: unknown): Promise<void> => writePlistMessage(socket, value, 'xml');
  for (;;) {
    const request = (await reader.readPlist()) as Record<string, unknown> | undefined;
    if (request === undefined) return;
    const options = (request.ClientOptions ?? {}) as Record<string, unknown>;
    const apps = appsFor(device.profile) as App[];
    switch (request.Command) {
      case 'Browse': {
        const list = selected(apps, options).map(([, app]) => app);
        for (let index = 0; index < list.length; index += PAGE_SIZE) {
          const page = list.slice(index, index + PAGE_SIZE);
          await send({
            CurrentIndex: index,
            CurrentAmount: page.length,
            CurrentList: page,
            Status: 'BrowsingApplications',
            Total: list.length,
          });
        }
        await send({ Status: 'Complete' });
        break;
      }
      case 'Lookup': {
        await send({ LookupResult: Object.fromEntries(selected(apps, options)), Status: 'Complete' });
        break;
      }
      default:
        await send({ Error: 'UnknownCommand', ErrorDescription: `Unknown command ${String(request.Command)}` });
    }
  }
}

/** The installation proxy service. */
export const installationProxyService: ServiceDefinition = {
  name: 'com.apple.mobile.installation_proxy',
  ssl: false,
  handle(socket: Duplex, device: VirtualDevice): void {
    serve(socket, device).catch(() => socket.destroy());
  },
};
