import { mkdir } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import type { App, DeploymentInfo, StrategyRuntime } from '@hop3/core';
import { findFreePort, isProcessAlive, readPidFile } from '@hop3/kit';
import { createTestRuntime as createTestRuntimeOf, freePorts, type TestRuntime } from '@hop3/testkit';
import { nginxService } from '../service.js';
import { NginxProxy } from '../nginx-proxy.js';

/** A throw-away HOP3_ROOT with its own nginx ports. */
export async function createTestRuntime(): Promise<TestRuntime & { httpPort: number; httpsPort: number }> {
  const [httpPort, httpsPort] = (await freePorts(2)) as [number, number];
  const runtime = await createTestRuntimeOf({ env: { HOP3_HTTP_PORT: String(httpPort), HOP3_HTTPS_PORT: String(httpsPort) }, prefix: 'hop3-nginx-' });
  return Object.assign(runtime, { httpPort, httpsPort });
}

/** An App record whose source dir exists. */
export async function createTestApp(runtime: StrategyRuntime, name: string, fields: Partial<App> = {}): Promise<App> {
  const paths = runtime.layout.app(name);
  await mkdir(paths.src, { recursive: true });
  return {
    name,
    paths: { root: paths.root, src: paths.src, venv: paths.venv, log: paths.log, data: paths.data },
    port: null,
    hostnames: [],
    env: {},
    runtime: null,
    builder: null,
    state: 'running',
    scaling: {},
    ...fields,
  };
}

export function makeProxy(
  runtime: StrategyRuntime,
  app: App,
  backend: DeploymentInfo,
  extra: { env?: Record<string, string>; workers?: Record<string, string>; static?: Record<string, string> } = {},
): NginxProxy {
  return new NginxProxy({ app, env: extra.env ?? app.env, workers: extra.workers ?? { web: 'serve' }, backend, ...(extra.static ? { static: extra.static } : {}) }, runtime);
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** GET through nginx on 127.0.0.1 with a chosen Host header (no DNS involved). */
export function get(port: number, host: string, path: string, options: { tls?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (options.tls ? https : http).request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'GET',
        headers: { host },
        agent: false,
        ...(options.tls ? { servername: host, rejectUnauthorized: false } : {}),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error(`GET ${host}${path} timed out`)));
    request.end();
  });
}

/** A tiny HTTP backend that answers with the request it saw, as JSON. */
export async function startEchoBackend(): Promise<{ port: number; close(): Promise<void> }> {
  const port = await findFreePort();
  const server = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ from: 'node-backend', url: request.url, headers: request.headers }));
  });
  // Accept any WebSocket upgrade (enough to prove nginx forwards Upgrade/Connection).
  server.on('upgrade', (_request, socket) => {
    socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Stop the test's nginx; if the graceful path fails, kill the pid it recorded so no daemon outlives the test. */
export async function stopNginxForSure(runtime: StrategyRuntime): Promise<void> {
  try {
    await nginxService.stop(runtime);
  } catch (error) {
    const pid = await readPidFile(join(runtime.layout.nginxDir, 'nginx.pid'));
    if (pid !== null && isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
    throw error;
  }
}

/** Ask for a WebSocket upgrade through nginx; resolves with the status nginx relayed. */
export function upgrade(port: number, host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, agent: false, headers: { host, connection: 'Upgrade', upgrade: 'websocket' } });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error('upgrade timed out')));
    request.end();
  });
}
