import { createAddon } from '@hop3/core';
import type { Attachment } from '../apps/app-record.js';
import type { EngineHost } from '../host/engine-host.js';

/** `my-cache` → `MY_CACHE_`: the prefix of a second service of the same type. */
export function envPrefixFor(serviceName: string): string {
  return `${serviceName.toUpperCase().replace(/-/g, '_')}_`;
}

/**
 * The attachment for a new service: unprefixed when it is the app's first of its type, else
 * prefixed with its name so the variables of the first one stay as they are.
 */
export function newAttachment(existing: readonly Attachment[], type: string, name: string): Attachment {
  const same = existing.find((item) => item.type === type && item.name === name);
  if (same) return same;
  const firstOfType = !existing.some((item) => item.type === type);
  return firstOfType ? { type, name } : { type, name, prefix: envPrefixFor(name) };
}

/** The connection variables of every attached service, with their prefixes. */
export async function attachedServicesEnv(host: EngineHost, attachments: readonly Attachment[]): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const attachment of attachments) {
    const addon = await createAddon(host.manager, attachment.type, attachment.name, host.runtime);
    const details = await addon.getConnectionDetails();
    for (const [key, value] of Object.entries(details)) env[`${attachment.prefix ?? ''}${key}`] = value;
  }
  return env;
}
