import type { AppConfig, Deployer, DeploymentInfo } from '@hop3/core';
import type { AppRecord } from '../host/app-record.js';
import { proxyOf, publicUrl } from '../host/app-context.js';
import type { Host } from '../host/create-host.js';
import { startTimeoutSetting } from '../host/host-settings.js';
import { passHealthGate } from './health-gate.js';

const DEFAULT_START_TIMEOUT_SECONDS = 60;

/** Apps with only background workers report a `tcp` backend without a port. */
export function servesHttp(deployment: DeploymentInfo): boolean {
  return !(deployment.protocol === 'tcp' && deployment.port === null);
}

export function startTimeoutSeconds(host: Host, config: AppConfig): number {
  return config.healthcheck?.timeout ?? config.run.startTimeout ?? startTimeoutSetting(host.runtime.env) ?? DEFAULT_START_TIMEOUT_SECONDS;
}

/**
 * Start a version of the app beside the running one, wait until it answers, switch the proxy
 * to it and retire the old processes. On failure the new version is rolled back and the old
 * one keeps serving. Returns the record of the version now live (not yet saved).
 */
export async function rollOut(
  host: Host,
  base: AppRecord,
  config: AppConfig,
  deployer: Deployer,
  progress: (message: string) => void,
): Promise<AppRecord> {
  progress(`Starting with "${deployer.name}"`);
  const deployment = await deployer.deploy();
  const record: AppRecord = {
    ...base,
    app: { ...base.app, runtime: deployer.name, port: deployment.port, state: 'starting' },
    deployment,
  };
  try {
    progress('Waiting for the app to answer');
    await passHealthGate({
      info: deployment,
      healthcheck: config.healthcheck,
      timeoutSeconds: startTimeoutSeconds(host, config),
      logDir: record.app.paths.log,
      appName: record.app.name,
      startupFailure: deployer.startupFailure?.bind(deployer),
    });
    if (servesHttp(deployment)) {
      progress('Switching the proxy');
      const proxy = await proxyOf(host, record, config);
      await proxy.setup();
      record.url = publicUrl(host, record, proxy);
    } else {
      record.url = null; // background workers only: nothing to put behind the proxy
    }
  } catch (error) {
    await deployer.rollback?.();
    if (base.deployment === null) await deployer.stop();
    throw error;
  }
  await deployer.commit?.();
  record.app.state = 'running';
  return record;
}
