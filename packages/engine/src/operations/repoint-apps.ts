import { isHop3Error } from '@hop3/core';
import { AppStore } from '../apps/app-store.js';
import type { EngineHost } from '../host/engine-host.js';
import { runLifecycle } from './lifecycle.js';
import { measureApp } from './status.js';

/** An app `server start` pointed the proxy at again: where it answers now, or why that failed. */
export type RepointedApp = { app: string; endpoints: string[] } | { app: string; error: { code: string | null; message: string } };

/**
 * Point the proxy at every running app whose processes answer on endpoints it does not send to:
 * containers that docker started again on new ports after a reboot or a crash. Each is a `start`
 * (idempotent, under the app's lock, after its health gate). An app that cannot be measured is
 * left to `hop3 status`, which says why.
 */
export async function repointApps(host: EngineHost): Promise<RepointedApp[]> {
  const results: RepointedApp[] = [];
  for (const entry of await new AppStore(host.layout).listAll()) {
    if (!('record' in entry) || entry.record.app.state !== 'running') continue;
    const measured = await measureApp(host, entry.record).catch(() => null);
    if (measured === null || !measured.details.running || measured.proxy === null || measured.proxy.missed.length === 0) continue;
    try {
      await runLifecycle(host, entry.name, 'start');
      results.push({ app: entry.name, endpoints: measured.proxy.live });
    } catch (error) {
      results.push({ app: entry.name, error: { code: isHop3Error(error) ? error.code : null, message: (error as Error).message } });
    }
  }
  return results;
}
