import { request } from 'node:http';
import type { App, ProxyProbe, StrategyRuntime } from '@hop3/core';
import { appProbe } from './urls.js';

const PROBE_TIMEOUT_MS = 3_000;
/** nginx's own answers when it cannot get the request to the app (a 503 may be the app's own). */
const PROXY_ERRORS = new Set([502, 504]);

/**
 * One GET for the app through nginx, on the loopback address with the app's Host header (fetch
 * cannot set Host). Any answer of the app counts, a redirect or a 404 included; nginx's 502/504
 * or no answer at all do not. Never throws.
 */
export async function probeThroughNginx(app: Pick<App, 'name' | 'hostnames'>, runtime: Pick<StrategyRuntime, 'layout' | 'env'>): Promise<ProxyProbe> {
  const { url, hostHeader } = appProbe(app, runtime);
  try {
    const status = await statusOf(url, hostHeader);
    if (PROXY_ERRORS.has(status)) {
      return { ok: false, detail: `nginx answers ${status} for ${hostHeader}: it does not get requests through to the app`, fix: `Run "hop3 start ${app.name}" to point it at the app again.` };
    }
    return { ok: true, detail: `nginx answers ${status} for ${hostHeader}` };
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, detail: `nginx does not answer on ${url} (${why})`, fix: 'Run "hop3 server start".' };
  }
}

function statusOf(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { host, 'user-agent': 'hop3-status' }, timeout: PROBE_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })));
    req.once('error', reject);
    req.end();
  });
}
