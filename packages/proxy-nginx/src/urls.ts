import type { App, StrategyRuntime } from '@hop3/core';
import { resolveHostnames } from './hostnames.js';
import { resolveNginxServer } from './server.js';
import { parseFlag } from './validate.js';

/** How to reach an app through nginx without DNS: connect to `url`, send `Host: hostHeader`. */
export interface AppProbe {
  url: string;
  hostHeader: string;
}

function httpsOnly(env: Record<string, string>): boolean {
  try {
    return parseFlag('NGINX_HTTPS_ONLY', env.NGINX_HTTPS_ONLY);
  } catch {
    return false;
  }
}

function portSuffix(scheme: 'http' | 'https', port: number): string {
  return (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443) ? '' : `:${port}`;
}

/**
 * The app's public URLs, one per hostname, first = preferred (`http://app.localhost:8080/`).
 * HTTPS when NGINX_HTTPS_ONLY is set. `env` defaults to the app's env.
 */
export function appPublicUrls(app: Pick<App, 'name' | 'hostnames' | 'env'>, runtime: Pick<StrategyRuntime, 'layout' | 'env'>, env: Record<string, string> = app.env): string[] {
  const server = resolveNginxServer(runtime);
  const scheme = httpsOnly(env) ? 'https' : 'http';
  const port = scheme === 'https' ? server.httpsPort : server.httpPort;
  return resolveHostnames(app).map((host) => `${scheme}://${host.replace(/^\*\./, 'www.')}${portSuffix(scheme, port)}/`);
}

/**
 * `*.localhost` names do not resolve everywhere (musl, some resolvers), so hosts that check an
 * app (health gates, `hop3 status`) should connect to the loopback address and send the Host
 * header instead of trusting DNS. Plain HTTP, which answers even with NGINX_HTTPS_ONLY (301).
 */
export function appProbe(app: Pick<App, 'name' | 'hostnames'>, runtime: Pick<StrategyRuntime, 'layout' | 'env'>): AppProbe {
  const server = resolveNginxServer(runtime);
  const host = (resolveHostnames(app)[0] as string).replace(/^\*\./, 'www.');
  return { url: `http://127.0.0.1${portSuffix('http', server.httpPort)}/`, hostHeader: host };
}
