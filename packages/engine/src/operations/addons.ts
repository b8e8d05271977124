import { resolve } from 'node:path';
import { createAddon, type Addon } from '@hop3/core';
import { AppStore } from '../apps/app-store.js';
import { applyEnvChange } from '../deploy/apply-env-change.js';
import { EngineErrorCodes, engineError } from '../errors.js';
import type { EngineHost } from '../host/engine-host.js';
import { newAttachment } from '../services/attachments.js';
import { ServiceRegistry, checkServiceName, type ServiceEntry } from '../services/service-registry.js';

export type { ServiceEntry };

export interface ServiceRef {
  /** The service's name (`hop3 addons create postgres <name>`). */
  name: string;
}

export interface AttachInput extends ServiceRef {
  app: string;
}

export interface AttachResult {
  name: string;
  app: string;
  attached: boolean;
  /** The prefix of its variables in the app's env (a second service of a type), or null. */
  prefix: string | null;
  /** True when the app was running and was rolled out again with the new env. */
  restarted: boolean;
}

async function addonFor(host: EngineHost, name: string): Promise<{ entry: ServiceEntry; addon: Addon }> {
  const entry = await new ServiceRegistry(host.layout).require(name);
  return { entry, addon: await createAddon(host.manager, entry.type, name, host.runtime) };
}

/** `created` is false when the service existed already (create is idempotent: it is checked, and started if it was not). */
export async function createService(host: EngineHost, input: { type: string; name: string }): Promise<{ name: string; type: string; created: boolean }> {
  const { type, name } = input;
  checkServiceName(name);
  const addon = await createAddon(host.manager, type, name, host.runtime); // unknown type → lists the types
  const registry = new ServiceRegistry(host.layout);
  await registry.assertAvailable(name, type);
  const existed = (await registry.list()).some((entry) => entry.name === name);
  await addon.create(); // recorded only once it exists: a failed create leaves no phantom entry
  await registry.add(name, type);
  return { name, type, created: !existed };
}

/** Delete a service and its data; refused while an app has it attached. */
export interface ServiceDestroyInput extends ServiceRef {
  /** Only check what destroy would refuse (no such service, still attached), and change nothing. */
  dryRun?: boolean;
}

export async function destroyService(host: EngineHost, { name, dryRun }: ServiceDestroyInput): Promise<{ name: string; type: string; destroyed: boolean }> {
  const { entry, addon } = await addonFor(host, name);
  const users = (await new AppStore(host.layout).list()).filter((record) => record.attachments.some((a) => a.name === entry.name));
  if (users.length > 0) {
    throw engineError({
      message: `"${entry.name}" is attached to ${users.map((r) => r.app.name).join(', ')}; detach it first (${users.map((r) => `"hop3 addons detach ${entry.name} --app ${r.app.name}"`).join(', ')}).`,
      code: EngineErrorCodes.serviceInUse,
      details: { service: entry.name, apps: users.map((r) => r.app.name) },
    });
  }
  if (dryRun === true) return { name: entry.name, type: entry.type, destroyed: false };
  await addon.destroy();
  await new ServiceRegistry(host.layout).remove(entry.name);
  return { name: entry.name, type: entry.type, destroyed: true };
}

export async function serviceInfo(host: EngineHost, { name }: ServiceRef): Promise<{ name: string; type: string } & Record<string, unknown>> {
  const { entry, addon } = await addonFor(host, name);
  return { name: entry.name, type: entry.type, ...(await addon.info()) };
}

export async function backupService(host: EngineHost, { name }: ServiceRef): Promise<{ name: string; type: string; path: string }> {
  const { entry, addon } = await addonFor(host, name);
  return { name: entry.name, type: entry.type, path: await addon.backup() };
}

/** Replace the service's contents with a backup (`file` is resolved against the process's cwd). */
export async function restoreService(host: EngineHost, input: ServiceRef & { file: string }): Promise<{ name: string; type: string; restored: string }> {
  const { entry, addon } = await addonFor(host, input.name);
  const path = resolve(input.file);
  await addon.restore(path);
  return { name: entry.name, type: entry.type, restored: path };
}

/** The connection variables of a service (they are secrets: a host shows them only on request). */
export async function serviceEnv(host: EngineHost, { name }: ServiceRef): Promise<Record<string, string>> {
  const { addon } = await addonFor(host, name);
  return addon.getConnectionDetails();
}

/** Start or stop a service that runs its own server (redis); others are refused. */
export async function controlService(host: EngineHost, { name }: ServiceRef, action: 'start' | 'stop'): Promise<{ name: string; running: boolean }> {
  const { entry, addon } = await addonFor(host, name);
  const control = addon as { start?: () => Promise<void>; stop?: () => Promise<void> };
  const method = control[action];
  if (!method) {
    throw engineError({ message: `${entry.type} services have no start/stop of their own (the server runs them).`, code: EngineErrorCodes.serviceNotControllable, details: { service: entry.name, type: entry.type } });
  }
  await method.call(addon);
  return { name: entry.name, running: action === 'start' };
}

/** Attach or detach a service under the app's lock; a running app is rolled out with its new env. */
export async function changeAttachment(host: EngineHost, input: AttachInput, action: 'attach' | 'detach'): Promise<AttachResult> {
  const { name, app } = input;
  const { entry } = await addonFor(host, name);
  const store = new AppStore(host.layout);
  return store.withAppLock(app, async () => {
    const record = await store.require(app);
    if (action === 'detach' && !record.attachments.some((a) => a.name === name)) {
      const attached = record.attachments.map((a) => a.name);
      throw engineError({
        code: EngineErrorCodes.serviceNotAttached,
        message: `"${name}" is not attached to ${app} (${attached.length === 0 ? 'it has no services attached' : `its services: ${attached.join(', ')}`}). Nothing was changed.`,
        details: { service: name, app, attached },
      });
    }
    const attachments =
      action === 'attach'
        ? [...record.attachments.filter((a) => a.name !== name), newAttachment(record.attachments, entry.type, name)]
        : record.attachments.filter((a) => a.name !== name);
    const { restarted } = await applyEnvChange(host, store, record, record.userEnv, attachments);
    const attachment = attachments.find((a) => a.name === name);
    return { name, app, attached: action === 'attach', prefix: attachment?.prefix ?? null, restarted };
  });
}
