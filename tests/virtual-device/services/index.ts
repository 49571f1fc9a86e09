/**
 * The lockdown services a virtual device offers, by service name (what StartService looks up).
 */
import { mobilebackup2Service } from '../backup/service.ts';
import type { ServiceDefinition } from '../types.ts';
import { afcService } from './afc.ts';
import { installationProxyService } from './installation-proxy.ts';
import { mcInstallService } from './mcinstall.ts';
import { insecureNotificationProxyService, notificationProxyService } from './notification-proxy.ts';

/** Builds the service registry (springboardservices is left out: hosts treat it as optional). */
export function createServiceRegistry(extra: readonly ServiceDefinition[] = []): Map<string, ServiceDefinition> {
  const services = [
    notificationProxyService,
    insecureNotificationProxyService,
    afcService,
    installationProxyService,
    mcInstallService,
    mobilebackup2Service,
    ...extra,
  ];
  return new Map(services.map((service) => [service.name, service]));
}
