import { PENDING_BACKEND, createProxy, type Proxy } from '@hop3/core';
import type { EngineHost } from '../host/engine-host.js';
import { proxyName } from './app-context.js';
import type { AppRecord } from './app-record.js';

/** The app's proxy for what needs no hop3.toml (its certificate, a probe): the live backend, if any. */
export function recordProxy(host: EngineHost, record: AppRecord): Promise<Proxy> {
  return createProxy(host.manager, proxyName(host), { app: record.app, env: record.app.env, workers: {}, backend: record.deployment ?? PENDING_BACKEND }, host.runtime);
}

/** {@link recordProxy}, or null when it cannot be made: reading a status never fails for the proxy. */
export function statusProxy(host: EngineHost, record: AppRecord): Promise<Proxy | null> {
  return recordProxy(host, record).catch(() => null);
}
