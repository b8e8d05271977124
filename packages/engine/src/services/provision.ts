import { createAddon, type AddonRequest } from '@hop3/core';
import type { Attachment } from '../apps/app-record.js';
import type { EngineHost } from '../host/engine-host.js';
import { newAttachment } from './attachments.js';
import { ServiceRegistry } from './service-registry.js';

export interface ProvisionResult {
  /** The app's attachments including the declared services. */
  attachments: Attachment[];
  /** Services this call created (they did not exist before): what a failed deploy removes. */
  created: Array<{ type: string; name: string }>;
}

/**
 * Create (idempotently) the services an app declares in `[[addons]]` and attach them: the
 * default name is `<app>-<type>`. If one cannot be created, the ones this call created are
 * removed again before the error is thrown.
 */
export async function provisionDeclaredServices(
  host: EngineHost,
  appName: string,
  requests: readonly AddonRequest[],
  attachments: readonly Attachment[],
): Promise<ProvisionResult> {
  let result = [...attachments];
  const created: ProvisionResult['created'] = [];
  const registry = new ServiceRegistry(host.layout);
  try {
    for (const request of requests) {
      const name = request.name ?? `${appName}-${request.type}`;
      host.emit({ type: 'addon:provision', app: appName, addon: request.type, service: name });
      const addon = await createAddon(host.manager, request.type, name, host.runtime);
      await registry.assertAvailable(name, request.type);
      const existed = (await registry.list()).some((service) => service.name === name);
      if (!existed) created.push({ type: request.type, name });
      await addon.create();
      await registry.add(name, request.type);
      if (!result.some((a) => a.name === name)) result = [...result, newAttachment(result, request.type, name)];
    }
  } catch (error) {
    await removeServices(host, appName, created);
    throw error;
  }
  return { attachments: result, created };
}

/**
 * Destroy services a failed deploy created, newest first, and forget them. Best effort: a
 * service that cannot be removed is reported, and the deploy's own error stays the one shown.
 */
export async function removeServices(host: EngineHost, appName: string, services: ProvisionResult['created']): Promise<void> {
  const registry = new ServiceRegistry(host.layout);
  for (const service of [...services].reverse()) {
    try {
      const addon = await createAddon(host.manager, service.type, service.name, host.runtime);
      await addon.destroy();
      await registry.remove(service.name);
      host.emit({ type: 'addon:remove', app: appName, addon: service.type, service: service.name });
    } catch (error) {
      host.runtime.log.warn(`Could not remove the ${service.type} service "${service.name}" this failed deploy created: ${(error as Error).message}. Remove it with "hop3 addons destroy ${service.name} --yes".`);
    }
  }
}
