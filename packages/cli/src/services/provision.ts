import { createAddon, type AddonRequest } from '@hop3/core';
import type { Attachment } from '../host/app-record.js';
import type { Host } from '../host/create-host.js';
import { newAttachment } from './attachments.js';
import { ServiceRegistry } from './service-registry.js';

/**
 * Create (idempotently) the services an app declares in `[[addons]]` and attach them: the
 * default name is `<app>-<type>`. Returns the app's attachments including the new ones.
 */
export async function provisionDeclaredServices(
  host: Host,
  appName: string,
  requests: readonly AddonRequest[],
  attachments: readonly Attachment[],
  progress: (message: string) => void,
): Promise<Attachment[]> {
  let result = [...attachments];
  const registry = new ServiceRegistry(host.layout);
  for (const request of requests) {
    const name = request.name ?? `${appName}-${request.type}`;
    progress(`Provisioning ${request.type} service "${name}"`);
    const addon = await createAddon(host.manager, request.type, name, host.runtime);
    await registry.assertAvailable(name, request.type);
    await addon.create();
    await registry.add(name, request.type);
    if (!result.some((a) => a.name === name)) result = [...result, newAttachment(result, request.type, name)];
  }
  return result;
}
