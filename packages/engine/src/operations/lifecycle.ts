import { loadAppConfig, type Deployer, type DeploymentInfo } from '@hop3/core';
import { deployerOf, proxyOf, publicUrl } from '../apps/app-context.js';
import type { AppRecord } from '../apps/app-record.js';
import { AppStore } from '../apps/app-store.js';
import { passHealthGate } from '../deploy/health-gate.js';
import { servesHttp } from '../apps/proxy-reach.js';
import { startTimeoutSeconds } from '../deploy/roll-out.js';
import type { EngineHost } from '../host/engine-host.js';

export type LifecycleAction = 'start' | 'stop' | 'restart';

export interface LifecycleResult {
  app: string;
  action: LifecycleAction;
  state: 'running' | 'stopped';
}

/** Run start/restart; a deployer without them deploys again (and so says where the app answers). */
async function startProcesses(action: 'start' | 'restart', deployer: Deployer): Promise<DeploymentInfo | undefined> {
  const method = action === 'start' ? deployer.start : deployer.restart;
  if (!method) return deployer.deploy();
  await method.call(deployer);
  return undefined;
}

/**
 * After start/restart: wait, like a deploy, until the app answers on its own port (failing with
 * its log lines), then point the proxy at where it runs now (a start may bring processes back on
 * other ports). Returns the record to save, state `running`.
 */
async function answeringRecord(host: EngineHost, record: AppRecord, deployer: Deployer, started: DeploymentInfo | undefined): Promise<AppRecord> {
  const config = await loadAppConfig(record.app.paths.src);
  const deployment = started ?? (await deployer.getStatus?.())?.deployment ?? record.deployment;
  let updated: AppRecord = { ...record, app: { ...record.app, state: 'running' } };
  delete updated.app.errorMessage;
  if (deployment === null) return updated;
  const timeoutSeconds = startTimeoutSeconds(host, config);
  host.emit({ type: 'health:wait', app: record.app.name, timeoutSeconds });
  await passHealthGate({ info: deployment, healthcheck: config.healthcheck, timeoutSeconds, logDir: record.app.paths.log, appName: record.app.name });
  if (servesHttp(deployment) && JSON.stringify(deployment) !== JSON.stringify(record.deployment)) {
    updated = { ...updated, deployment };
    host.emit({ type: 'proxy:switch', app: record.app.name });
    const proxy = await proxyOf(host, updated, config);
    await proxy.setup();
    updated.url = publicUrl(host, updated, proxy);
  }
  return updated;
}

/**
 * Start, stop or restart an app's processes under its lock. Start and restart return only once
 * the app answers (else the record says `failed` and the health gate's error is thrown).
 */
export async function runLifecycle(host: EngineHost, app: string, action: LifecycleAction): Promise<LifecycleResult> {
  const store = new AppStore(host.layout);
  return store.withAppLock(app, async () => {
    const record = await store.require(app);
    const deployer = await deployerOf(host, record);
    if (action === 'stop') {
      await deployer.stop();
      await store.write({ ...record, app: { ...record.app, state: 'stopped' } });
      return { app, action, state: 'stopped' };
    }
    const started = await startProcesses(action, deployer);
    try {
      await store.write(await answeringRecord(host, record, deployer, started));
    } catch (error) {
      // Started but not answering: say so in the record (status measures the rest).
      await store.write({ ...record, app: { ...record.app, state: 'failed', errorMessage: (error as Error).message } });
      throw error;
    }
    return { app, action, state: 'running' };
  });
}
