import {
  createProxy,
  loadAppConfig,
  parseOrThrow,
  deploymentContextSchema,
  type AppConfig,
  type DeploymentContext,
  type Deployer,
  type Proxy,
} from '@hop3/core';
import type { AppRecord } from './app-record.js';
import type { EngineHost } from '../host/engine-host.js';
import { engineError, EngineErrorCodes } from '../errors.js';
import { recordedDeployer } from '../plugin-set/recorded-plugin.js';

/** The deployment context of an app that is already deployed (its live release). */
export async function contextOf(record: AppRecord, config?: AppConfig): Promise<DeploymentContext> {
  const appConfig = config ?? (await loadAppConfig(record.app.paths.src));
  return parseOrThrow(
    deploymentContextSchema,
    { appName: record.app.name, sourcePath: record.app.paths.src, appConfig, app: record.app },
    `deployment context of "${record.app.name}"`,
  );
}

/** The deployer that runs an app, by the name saved at deploy time. */
export async function deployerOf(host: EngineHost, record: AppRecord, context?: DeploymentContext): Promise<Deployer> {
  if (record.app.runtime === null || record.artifact === null) {
    throw engineError({
      message: `App "${record.app.name}" has never been deployed successfully. Run "hop3 deploy <dir> --app ${record.app.name}".`,
      code: EngineErrorCodes.appNotDeployed,
    });
  }
  return recordedDeployer(host, record, context ?? (await contextOf(record)), record.artifact);
}

export function proxyName(host: EngineHost): string {
  return host.runtime.env.HOP3_PROXY ?? 'nginx';
}

/** The proxy strategy for an app, configured for the given backend. */
export async function proxyOf(host: EngineHost, record: AppRecord, config: AppConfig): Promise<Proxy> {
  if (record.deployment === null) {
    throw engineError({ message: `App "${record.app.name}" has no running deployment to put behind the proxy.`, code: EngineErrorCodes.appNotDeployed });
  }
  return createProxy(
    host.manager,
    proxyName(host),
    { app: record.app, env: record.app.env, workers: config.workers, backend: record.deployment, static: config.static, tls: config.tls },
    host.runtime,
  );
}

/** Where the app answers: the proxy's own word when it gives one, else the embedded default. */
export function publicUrl(host: EngineHost, record: AppRecord, proxy?: Proxy): string {
  const fromProxy = proxy?.publicUrls?.()[0];
  if (fromProxy) return fromProxy;
  const hostname = record.app.hostnames[0] ?? `${record.app.name}.localhost`;
  const system = host.runtime.env.HOP3_SERVICES === 'system';
  const port = system ? '80' : (host.runtime.env.HOP3_HTTP_PORT ?? '8080');
  return port === '80' ? `http://${hostname}/` : `http://${hostname}:${port}/`;
}
