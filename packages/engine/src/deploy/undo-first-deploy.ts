import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PENDING_BACKEND, createProxy, type App, type Deployer } from '@hop3/core';
import { proxyName } from '../apps/app-context.js';
import type { EngineHost } from '../host/engine-host.js';

/** What was in the app's dir before a first deploy: null when the dir did not exist. */
export type AppDirSnapshot = string[] | null;

export async function snapshotAppDir(root: string): Promise<AppDirSnapshot> {
  return readdir(root).catch(() => null);
}

/**
 * A first deploy failed: remove what it created — the deployer's processes, vassals and state,
 * the proxy's site and certificate, and every entry of the app's dir that was not there
 * before (a `data/` kept by an earlier `destroy` stays). Best effort: each step that fails is
 * reported and the rest still run, so the deploy's own error is the one the user sees.
 */
export async function undoFirstDeploy(host: EngineHost, app: App, deployer: Deployer | undefined, before: AppDirSnapshot): Promise<string | null> {
  const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
    } catch (error) {
      host.runtime.log.warn(`Cleaning up the failed first deploy of "${app.name}": ${what} failed: ${(error as Error).message}. "hop3 destroy ${app.name} --yes" retries it.`);
    }
  };
  if (deployer !== undefined) await attempt('removing its processes', async () => (deployer.destroy ? deployer.destroy() : deployer.stop()));
  await attempt('removing its proxy configuration', async () => {
    const proxy = await createProxy(host.manager, proxyName(host), { app, env: app.env, workers: {}, backend: PENDING_BACKEND }, host.runtime);
    await proxy.remove?.();
  });
  // The logs the error points at (build log, the web process's) outlive the app's dir.
  let keptLogs: string | null = null;
  if (before === null || !before.includes('log')) {
    await attempt('keeping its logs', async () => {
      const target = failedDeployLogs(host, app.name);
      await rm(target, { recursive: true, force: true });
      await mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
      await rename(app.paths.log, target);
      keptLogs = target;
    });
  }
  await attempt('removing its files', async () => {
    if (before === null) {
      await rm(app.paths.root, { recursive: true, force: true });
      return;
    }
    const kept = new Set(before);
    for (const entry of await readdir(app.paths.root)) if (!kept.has(entry)) await rm(join(app.paths.root, entry), { recursive: true, force: true });
  });
  return keptLogs;
}

/** Where the logs of an app's last failed first deploy are kept: `HOP3_ROOT/logs/failed-deploys/<app>`. */
export function failedDeployLogs(host: EngineHost, app: string): string {
  return join(host.layout.root, 'logs', 'failed-deploys', app);
}

/** The error of a failed first deploy, pointing at its logs where they were kept. */
export function pointAtKeptLogs(error: unknown, logDir: string, kept: string | null): void {
  if (kept === null || !(error instanceof Error)) return;
  error.message = `${error.message.split(logDir).join(kept)}\n(The app was removed with its failed first deploy; its logs are kept in ${kept}.)`;
}
