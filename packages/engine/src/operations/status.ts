import type { AppState, DeployerStatus, DeploymentInfo, ProxyCertificate, ProxyProbe, WorkerStatus } from '@hop3/core';
import { statusProxy } from '../apps/status-proxy.js';
import { deployerOf } from '../apps/app-context.js';
import type { AppRecord } from '../apps/app-record.js';
import { AppStore } from '../apps/app-store.js';
import { proxyReach, servesHttp, type ProxyReach } from '../apps/proxy-reach.js';
import { overallState, type OverallState } from '../apps/status-summary.js';
import type { EngineHost } from '../host/engine-host.js';
import type { ReleaseSource } from '../releases/release-record.js';

export interface AppStatus {
  app: string;
  /** Derived from what the deployer measured now (never the state last recorded). */
  status: OverallState;
  /** The state recorded by the last operation. */
  state: AppState;
  running: boolean;
  processes: Record<string, number>;
  workers: WorkerStatus[] | undefined;
  url: string | null;
  release: number;
  /** Where the live release's code came from: the pushed commit (`kind: 'git'`) or a dir. */
  source: ReleaseSource | null;
  runtime: string | null;
  builder: string | null;
  backend: DeploymentInfo | null;
  /**
   * The proxy's backends beside where the app answers now, when the deployer says where that is
   * (`missed`: endpoints the proxy does not send to; `hop3 start` points it at them).
   */
  proxy: ProxyReach | null;
  /**
   * What the proxy answered for the app just now (one request through it), when the app's
   * processes serve HTTP; null otherwise or when the proxy cannot be asked.
   */
  proxyProbe: ProxyProbe | null;
  /** The TLS certificate the proxy serves (with the last ACME renewal and its error), or null. */
  certificate: ProxyCertificate | null;
}

/** One measurement by the app's recorded deployer, and the proxy's backends beside it. */
export async function measureApp(host: EngineHost, record: AppRecord): Promise<{ details: DeployerStatus; proxy: ProxyReach | null }> {
  const deployer = await deployerOf(host, record);
  const details = (await deployer.getStatus?.()) ?? { running: await deployer.checkStatus(), processes: record.app.scaling };
  return { details, proxy: proxyReach(record.deployment, details.deployment) };
}

/** The app's measured state: one measurement by its recorded deployer serves every field. */
export async function appStatus(host: EngineHost, app: string): Promise<AppStatus> {
  const record = await new AppStore(host.layout).require(app);
  const { details, proxy } = await measureApp(host, record);
  const front = await statusProxy(host, record);
  const serving = details.running && record.deployment !== null && servesHttp(record.deployment);
  // Two independent measurements of the proxy: one request through it, and its certificate file.
  const [proxyProbe, certificate] = await Promise.all([
    serving ? (front?.probe?.() ?? null) : null,
    front?.certificate ? front.certificate().catch(() => null) : null,
  ]);
  return {
    app,
    status: overallState(details.running, details.workers, proxy, proxyProbe),
    state: record.app.state,
    running: details.running,
    processes: details.processes,
    workers: details.workers,
    url: record.url,
    release: record.release,
    source: record.source,
    runtime: record.app.runtime,
    builder: record.app.builder,
    backend: record.deployment,
    proxy,
    proxyProbe,
    certificate,
  };
}
