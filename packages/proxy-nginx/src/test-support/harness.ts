import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLayout, type App, type DeploymentInfo, type Logger, type StrategyRuntime } from '@hop3/core';
import { findFreePort, isProcessAlive, readPidFile, runCommand } from '@hop3/kit';
import { nginxService } from '../service.js';
import { NginxProxy } from '../nginx-proxy.js';

export interface TestLogger extends Logger {
  lines: string[];
}

export function testLogger(): TestLogger {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    debug: (message) => lines.push(`debug: ${message}`),
  };
}

/** A throw-away HOP3_ROOT with its own nginx ports. */
export async function createTestRuntime(): Promise<StrategyRuntime & { root: string; httpPort: number; httpsPort: number; log: TestLogger; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'hop3-nginx-'));
  const httpPort = await findFreePort();
  let httpsPort = await findFreePort();
  while (httpsPort === httpPort) httpsPort = await findFreePort();
  return {
    root,
    httpPort,
    httpsPort,
    layout: createLayout(root),
    env: { HOP3_HTTP_PORT: String(httpPort), HOP3_HTTPS_PORT: String(httpsPort), PATH: process.env.PATH },
    log: testLogger(),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
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

/** Fail (never skip) when a program the integration tests need is missing. */
export async function requirePrograms(...programs: Array<[string, string[]]>): Promise<void> {
  for (const [program, args] of programs) {
    await runCommand(program, args, { timeoutMs: 10_000 }).catch((error: unknown) => {
      throw new Error(`${program} is required by the nginx integration tests (apt-get install nginx uwsgi uwsgi-plugin-python3 openssl): ${(error as Error).message}`);
    });
  }
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
