import { resolve } from 'node:path';
import { Abort, createAddon } from '@hop3/core';
import type { Command, CommandIO } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson, table } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';
import { createHost, type Host } from '../host/create-host.js';
import { AppStore } from '../host/app-store.js';
import { applyEnvChange } from '../pipeline/apply-env-change.js';
import { newAttachment } from '../services/attachments.js';
import { ServiceRegistry, checkServiceName } from '../services/service-registry.js';

type Values = { json?: boolean; yes?: boolean; app?: string };
type Handler = (host: Host, positionals: string[], values: Values, io: CommandIO) => Promise<unknown>;

async function addonFor(host: Host, name: string) {
  const entry = await new ServiceRegistry(host.layout).require(name);
  return { entry, addon: await createAddon(host.manager, entry.type, name, host.runtime) };
}

/** What each subcommand takes after its name (the rest take one service <name>). */
const ADDON_POSITIONALS: Record<string, readonly string[]> = { create: ['type', 'name'], restore: ['name', 'file'], list: [] };

const handlers: Record<string, Handler> = {
  async create(host, [type, name]) {
    if (!type || !name) throw new UsageError('usage: hop3 addons create <type> <name>');
    checkServiceName(name);
    const addon = await createAddon(host.manager, type, name, host.runtime); // unknown type → lists the types
    const registry = new ServiceRegistry(host.layout);
    await registry.assertAvailable(name, type);
    await addon.create(); // recorded only once it exists: a failed create leaves no phantom entry
    await registry.add(name, type);
    return { name, type, created: true };
  },
  async destroy(host, [name], values) {
    const { entry, addon } = await addonFor(host, requirePositional([name ?? ''], 0, 'name'));
    if (!values.yes) throw new Abort(`This deletes "${name}" and all its data. Run again with --yes to confirm.`, { exitCode: 2 });
    const users = (await new AppStore(host.layout).list()).filter((r) => r.attachments.some((a) => a.name === entry.name));
    if (users.length > 0) throw new Abort(`"${entry.name}" is attached to ${users.map((r) => r.app.name).join(', ')}; detach it first ("hop3 addons detach ${entry.name} --app APP").`, { code: 'HOP3_SERVICE_IN_USE' });
    await addon.destroy();
    await new ServiceRegistry(host.layout).remove(entry.name);
    return { name: entry.name, type: entry.type, destroyed: true };
  },
  async info(host, [name]) {
    const { entry, addon } = await addonFor(host, requirePositional([name ?? ''], 0, 'name'));
    return { name: entry.name, type: entry.type, ...(await addon.info()) };
  },
  async list(host) {
    return { services: await new ServiceRegistry(host.layout).list() };
  },
  async backup(host, [name]) {
    const { entry, addon } = await addonFor(host, requirePositional([name ?? ''], 0, 'name'));
    return { name: entry.name, type: entry.type, path: await addon.backup() };
  },
  async restore(host, [name, file], values, io) {
    if (!name || !file) throw new UsageError('usage: hop3 addons restore <name> <file>');
    const { entry, addon } = await addonFor(host, name);
    const path = resolve(io.cwd, file);
    await addon.restore(path);
    return { name: entry.name, type: entry.type, restored: path };
  },
  async env(host, [name]) {
    const { addon } = await addonFor(host, requirePositional([name ?? ''], 0, 'name'));
    return addon.getConnectionDetails();
  },
  async start(host, [name]) {
    const { entry, addon } = await addonFor(host, requirePositional([name ?? ''], 0, 'name'));
    const control = addon as { start?: () => Promise<void> };
    if (!control.start) throw new Abort(`${entry.type} services have no start/stop of their own (the server runs them).`);
    await control.start();
    return { name: entry.name, running: true };
  },
  async stop(host, [name]) {
    const { entry, addon } = await addonFor(host, requirePositional([name ?? ''], 0, 'name'));
    const control = addon as { stop?: () => Promise<void> };
    if (!control.stop) throw new Abort(`${entry.type} services have no start/stop of their own (the server runs them).`);
    await control.stop();
    return { name: entry.name, running: false };
  },
  async attach(host, [name], values) {
    return changeAttachment(host, requirePositional([name ?? ''], 0, 'name'), values.app, 'attach');
  },
  async detach(host, [name], values) {
    return changeAttachment(host, requirePositional([name ?? ''], 0, 'name'), values.app, 'detach');
  },
};

async function changeAttachment(host: Host, name: string, appName: string | undefined, action: 'attach' | 'detach') {
  if (!appName) throw new UsageError(`usage: hop3 addons ${action} <name> --app <app>`);
  const { entry } = await addonFor(host, name);
  const store = new AppStore(host.layout);
  return store.withAppLock(appName, async () => {
    const record = await store.require(appName);
    const attachments =
      action === 'attach'
        ? [...record.attachments.filter((a) => a.name !== name), newAttachment(record.attachments, entry.type, name)]
        : record.attachments.filter((a) => a.name !== name);
    const { restarted } = await applyEnvChange(host, store, record, record.userEnv, attachments);
    const attachment = attachments.find((a) => a.name === name);
    return { name, app: appName, attached: action === 'attach', prefix: attachment?.prefix ?? null, restarted };
  });
}

function printHuman(io: CommandIO, sub: string, result: unknown): void {
  if (sub === 'list') {
    const { services } = result as { services: { name: string; type: string; createdAt: string }[] };
    io.stdout(services.length === 0 ? 'No services yet. Create one with "hop3 addons create <type> <name>".\n' : table([['NAME', 'TYPE', 'CREATED'], ...services.map((s) => [s.name, s.type, s.createdAt])]));
  } else if (sub === 'env') {
    for (const [k, v] of Object.entries(result as Record<string, string>)) io.stdout(`${k}=${v}\n`);
  } else {
    for (const [k, v] of Object.entries(result as Record<string, unknown>)) io.stdout(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`);
  }
}

export const addonsCommand: Command = {
  summary: 'Backing services (databases, caches): create, attach to apps, back up and restore.',
  usage:
    'hop3 addons create <type> <name> | destroy <name> --yes | info <name> | list | backup <name> | restore <name> <file> | env <name> | attach <name> --app <app> | detach <name> --app <app> | start|stop <name>  [--json]',
  async run(args, io) {
    const [sub, ...rest] = args;
    const handler = sub === undefined ? undefined : handlers[sub];
    if (!handler) throw new UsageError(`unknown addons subcommand "${sub ?? ''}" (${Object.keys(handlers).join(', ')})`);
    const { values, positionals } = parseCommandArgs(rest, { yes: { type: 'boolean', default: false }, app: { type: 'string' } }, ADDON_POSITIONALS[sub!] ?? ['name']);
    const host = await createHost(io);
    const result = await handler(host, positionals, values as Values, io);
    if (values.json) printJson(io, result);
    else printHuman(io, sub!, result);
    return 0;
  },
};
