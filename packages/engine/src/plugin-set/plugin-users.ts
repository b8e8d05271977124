import type { Hop3Layout, LoadReport } from '@hop3/core';
import { proxyName } from '../apps/app-context.js';
import { AppStore } from '../apps/app-store.js';
import { engineError, EngineErrorCodes } from '../errors.js';
import type { EngineHost } from '../host/engine-host.js';
import { ServiceRegistry } from '../services/service-registry.js';

/** What uses a plugin's strategies now: apps (their builder, deployer or the proxy) and addon services. */
export interface PluginUsers {
  apps: string[];
  services: string[];
}

/**
 * Who would lose a strategy if `plugin` left the plugin set. A plugin the host could not load
 * (failed, skipped) provides nothing now, so nothing depends on it.
 */
export async function pluginUsers(layout: Hop3Layout, report: LoadReport, plugin: string, proxy: string): Promise<PluginUsers> {
  const loaded = report.loaded.find((p) => p.name === plugin);
  if (loaded === undefined) return { apps: [], services: [] };
  // Only names no other loaded plugin provides are lost (two builders "python": one may go).
  const others = report.loaded.filter((p) => p.name !== plugin);
  const lost = (kind: 'builder' | 'deployer' | 'addon' | 'proxy'): string[] => loaded.strategies[kind].filter((name) => !others.some((p) => p.strategies[kind].includes(name)));
  const [builder, deployer, addon] = [lost('builder'), lost('deployer'), lost('addon')];
  const providesProxy = lost('proxy').includes(proxy);
  const apps = (await new AppStore(layout).list())
    .filter(
      ({ app, deployment }) =>
        (app.runtime !== null && deployer.includes(app.runtime)) ||
        (app.builder !== null && builder.includes(app.builder)) ||
        (providesProxy && app.runtime !== null && deployment !== null),
    )
    .map((record) => record.app.name);
  const services = (await new ServiceRegistry(layout).list()).filter((entry) => addon.includes(entry.type)).map((entry) => entry.name);
  return { apps, services };
}

/** Refuse to take `plugin` out of the plugin set while apps or services use it, unless `force`. */
export async function refuseWhileUsed(host: EngineHost, plugin: string, action: 'uninstall' | 'disable', force: boolean): Promise<void> {
  if (force) return;
  const users = await pluginUsers(host.layout, host.report, plugin, proxyName(host));
  if (users.apps.length === 0 && users.services.length === 0) return;
  const who = [users.apps.length > 0 ? `apps ${users.apps.join(', ')}` : '', users.services.length > 0 ? `services ${users.services.join(', ')}` : ''].filter(Boolean).join(' and ');
  throw engineError({
    code: EngineErrorCodes.pluginInUse,
    message:
      `${plugin} is used by ${who}: without it, hop3 could no longer run, stop or destroy them. ` +
      `Destroy them (or redeploy the apps with another strategy) first, or ${action} it anyway with --force. Nothing was changed.`,
    details: { plugin, ...users },
  });
}
