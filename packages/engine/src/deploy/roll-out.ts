import type { AppConfig, Deployer, DeploymentInfo } from '@hop3/core';
import type { AppRecord } from '../apps/app-record.js';
import { proxyOf, publicUrl } from '../apps/app-context.js';
import { servesHttp } from '../apps/proxy-reach.js';
import type { EngineHost } from '../host/engine-host.js';
import { startTimeoutSetting } from '../host/host-settings.js';
import { passHealthGate } from './health-gate.js';
import { pluginFoundFromCwd } from '../plugin-set/recorded-plugin.js';

const DEFAULT_START_TIMEOUT_SECONDS = 60;


export function startTimeoutSeconds(host: EngineHost, config: AppConfig): number {
  return config.healthcheck?.timeout ?? config.run.startTimeout ?? startTimeoutSetting(host.env) ?? DEFAULT_START_TIMEOUT_SECONDS;
}

/**
 * Start a version of the app beside the running one, wait until it answers, switch the proxy
 * to it and retire the old processes. On failure the new version is rolled back and the old
 * one keeps serving. Returns the record of the version now live (not yet saved).
 */
export async function rollOut(
  host: EngineHost,
  base: AppRecord,
  config: AppConfig,
  deployer: Deployer,
  /** Interrupts the health gate's wait (the deploy's `signal`); what started is rolled back. */
  signal?: AbortSignal,
): Promise<AppRecord> {
  const app = base.app.name;
  host.emit({ type: 'run:start', app, deployer: deployer.name });
  const deployment = await deployer.deploy();
  const record: AppRecord = {
    ...base,
    app: { ...base.app, runtime: deployer.name, port: deployment.port, state: 'starting' },
    deployment,
    deployerPlugin: pluginFoundFromCwd(host, deployer.name),
  };
  try {
    const timeoutSeconds = startTimeoutSeconds(host, config);
    host.emit({ type: 'health:wait', app, timeoutSeconds });
    await passHealthGate({
      info: deployment,
      healthcheck: config.healthcheck,
      timeoutSeconds,
      logDir: record.app.paths.log,
      appName: record.app.name,
      startupFailure: deployer.startupFailure?.bind(deployer),
      signal,
    });
    if (servesHttp(deployment)) {
      host.emit({ type: 'proxy:switch', app });
      const proxy = await proxyOf(host, record, config);
      await proxy.setup();
      record.url = publicUrl(host, record, proxy);
    } else {
      record.url = null; // background workers only: nothing to put behind the proxy
    }
  } catch (error) {
    host.emit({ type: 'rollback', app, reason: (error as Error).message });
    await deployer.rollback?.();
    if (base.deployment === null) await deployer.stop();
    throw error;
  }
  host.emit({ type: 'commit', app, deployer: deployer.name });
  await deployer.commit?.();
  record.app.state = 'running';
  return record;
}
