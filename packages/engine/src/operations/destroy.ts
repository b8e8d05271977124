import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PENDING_BACKEND, createProxy, emptyAppConfig, hasErrorCode, loadAppConfig, type App, type DestroyOptions } from '@hop3/core';
import { deployerOf, proxyName, proxyOf } from '../apps/app-context.js';
import type { AppRecord } from '../apps/app-record.js';
import { AppStore } from '../apps/app-store.js';
import type { EngineHost } from '../host/engine-host.js';
import { KitErrorCodes } from '@hop3/kit';

export interface DestroyInput {
  app: string;
  /** Also remove the app's named volumes (compose and swarm apps); kept by default. */
  volumes?: boolean;
  /** Only check what destroy would refuse (no such app), and change nothing: a host asks for confirmation after it. */
  dryRun?: boolean;
}

export interface DestroyResult {
  app: string;
  /** False after a dry run. */
  destroyed: boolean;
  /** The app's data dir, which is kept. */
  kept: string;
}

/**
 * Remove an app under its lock: processes, proxy config, releases, venv, logs and state; its
 * data/ dir is kept. Also removes what a failed deploy left, even without a readable app.json.
 */
export async function destroyApp(host: EngineHost, name: string, options: DestroyOptions = {}, dryRun = false): Promise<DestroyResult> {
  const store = new AppStore(host.layout);
  if (dryRun) {
    await findRemains(host, store, name);
    return { app: name, destroyed: false, kept: host.layout.app(name).data };
  }
  await store.withAppLock(name, async () => {
    const paths = host.layout.app(name);
    const record = await findRemains(host, store, name);
    if (record !== null && record !== 'damaged') await removeDeployed(host, record, options);
    else await removeLeftovers(host, name, options);
    // Everything but data/; the app dir itself goes when nothing is left in it. The retries cover
    // a file written meanwhile (a log line from a process a third-party deployer left behind).
    for (const entry of (await readdir(paths.root).catch(() => [])).filter((e) => e !== 'data')) {
      await rm(join(paths.root, entry), { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
    if ((await readdir(paths.root).catch(() => [])).length === 0) await rm(paths.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });
  return { app: name, destroyed: true, kept: host.layout.app(name).data };
}

/** The app's record ('damaged' when unreadable, null for what a failed deploy left); "No app named …" when nothing is there. */
async function findRemains(host: EngineHost, store: AppStore, name: string): Promise<AppRecord | 'damaged' | null> {
  const record = await store.read(name).catch((error: unknown) => {
    if (hasErrorCode(error, KitErrorCodes.stateCorrupt)) return 'damaged' as const;
    throw error;
  });
  // Only a kept data/ dir left (destroyed before): no app, the usual "No app named …".
  const leftovers = (await readdir(host.layout.app(name).root).catch(() => [])).filter((entry) => entry !== 'data');
  if (record === null && leftovers.length === 0) await store.require(name);
  return record;
}

async function removeDeployed(host: EngineHost, record: AppRecord, options: DestroyOptions): Promise<void> {
  const config = await loadAppConfig(record.app.paths.src).catch(() => emptyAppConfig());
  if (record.app.runtime !== null && record.artifact !== null) {
    const deployer = await deployerOf(host, record).catch(() => null);
    await (deployer?.destroy ? deployer.destroy(options) : deployer?.stop());
  }
  if (record.deployment !== null) {
    const proxy = await proxyOf(host, record, config);
    await proxy.remove?.();
  }
}

/**
 * No readable record (a failed first deploy of an older hop3, or a damaged app.json): which
 * deployer ran it is unknown, so every deployer removes what it has for the app, and the proxy
 * removes its site. Each of these is idempotent.
 */
async function removeLeftovers(host: EngineHost, name: string, options: DestroyOptions): Promise<void> {
  const paths = host.layout.app(name);
  const app: App = {
    name,
    paths: { root: paths.root, src: paths.root, venv: paths.venv, log: paths.log, data: paths.data },
    port: null,
    hostnames: [],
    env: {},
    runtime: null,
    builder: null,
    state: 'new',
    scaling: {},
    createdAt: new Date().toISOString(),
  };
  const context = { appName: name, sourcePath: paths.root, appConfig: emptyAppConfig(), app };
  for (const strategy of await host.manager.getStrategies('deployer')) {
    const deployer = await strategy.create(context, { kind: 'unknown', location: paths.root, metadata: {} }, host.runtime);
    await (deployer.destroy ? deployer.destroy(options) : deployer.stop());
  }
  const proxy = await createProxy(host.manager, proxyName(host), { app, env: {}, workers: {}, backend: PENDING_BACKEND }, host.runtime);
  await proxy.remove?.();
}
