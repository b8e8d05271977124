import { spawn } from 'node:child_process';
import { request, type IncomingMessage, type RequestOptions } from 'node:http';
import { Duplex, type Readable } from 'node:stream';
import type { Hop3Error } from '@hop3/core';
import { DockerErrorCodes, dockerError } from './errors.js';

/**
 * How Hop3 reaches the Docker Engine API: a unix socket (DOCKER_HOST `unix://…`, default
 * /var/run/docker.sock), plain tcp (DOCKER_HOST `tcp://…` without TLS), or, for anything the
 * client alone knows how to reach (ssh://, TLS, a docker context), through the docker client's
 * own `docker system dial-stdio`, one client start per request as with the CLI.
 */
export type ApiEndpoint =
  | { kind: 'socket'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'dial-stdio'; bin: string; dockerHost: string | undefined; env: Readonly<Record<string, string | undefined>> };

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** The endpoint the env names (the docker client's own rules for DOCKER_HOST and DOCKER_CONTEXT). */
export function apiEndpointOf(env: Readonly<Record<string, string | undefined>>, bin: string): ApiEndpoint {
  const host = env.DOCKER_HOST?.trim() ?? '';
  const context = env.DOCKER_CONTEXT?.trim() ?? '';
  if (host === '') return context === '' || context === 'default' ? { kind: 'socket', socketPath: DEFAULT_SOCKET } : { kind: 'dial-stdio', bin, dockerHost: undefined, env };
  if (host.startsWith('unix://')) return { kind: 'socket', socketPath: host.slice('unix://'.length) };
  const tls = (env.DOCKER_TLS_VERIFY ?? '') !== '' || (env.DOCKER_TLS ?? '') !== '';
  const tcp = host.match(/^tcp:\/\/([^/:]+|\[[^\]]+\]):(\d+)\/?$/);
  if (tcp !== null && !tls) return { kind: 'tcp', host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  return { kind: 'dial-stdio', bin, dockerHost: host, env };
}

/** Where the API is, for messages. */
export function describeEndpoint(endpoint: ApiEndpoint): string {
  if (endpoint.kind === 'socket') return endpoint.socketPath;
  if (endpoint.kind === 'tcp') return `tcp://${endpoint.host}:${endpoint.port}`;
  return `${endpoint.dockerHost ?? `the docker context ${endpoint.env.DOCKER_CONTEXT ?? ''}`.trim()} (through "${endpoint.bin} system dial-stdio")`;
}

/** How to start the daemon, for messages: Hop3 never starts it (`hop3 server` starts nothing for Docker). */
export const START_DAEMON_HINT = 'Start it with "systemctl start docker" (or "dockerd > /var/log/dockerd.log 2>&1 &" where there is no systemd), then try again.';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body, or a stream sent as it is (a build context tar). */
  json?: unknown;
  body?: Readable;
  contentType?: string;
  /** Statuses the caller handles itself (404 for "no such container"…); others above 299 throw. */
  accept?: readonly number[];
  timeoutMs?: number;
  /** What is being done, for error messages ("docker create of web.1"). */
  what: string;
}

export interface ApiResponse {
  status: number;
  body: Buffer;
}

/** One API call, its whole answer read. Docker's own message stays in the error of a failed call. */
export async function apiCall(endpoint: ApiEndpoint, req: ApiRequest): Promise<ApiResponse> {
  return apiStream(endpoint, req, async (res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return { status: res.statusCode ?? 0, body: Buffer.concat(chunks) };
  });
}

/** {@link apiCall} with a JSON answer (null for an accepted error status). */
export async function apiJson<T>(endpoint: ApiEndpoint, req: ApiRequest): Promise<{ status: number; value: T | null }> {
  const { status, body } = await apiCall(endpoint, req);
  if (status >= 300 || body.length === 0) return { status, value: null };
  return { status, value: JSON.parse(body.toString('utf8')) as T };
}

/**
 * One API call whose answer `consume` reads as it comes (a build's progress). A status the
 * caller does not accept throws a coded error with docker's message before `consume` runs.
 */
export function apiStream<T>(endpoint: ApiEndpoint, req: ApiRequest, consume: (res: IncomingMessage) => Promise<T>): Promise<T> {
  const timeoutMs = req.timeoutMs ?? 120_000;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) search.set(key, String(value));
  const path = `${req.path}${search.size > 0 ? `?${search}` : ''}`;
  const payload = req.json !== undefined ? Buffer.from(JSON.stringify(req.json)) : undefined;
  const headers: Record<string, string | number> = { host: 'docker' };
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
  else if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/octet-stream';
  return new Promise<T>((resolve, reject) => {
    let dialer: DialStdio | null = null;
    const options: RequestOptions = { method: req.method, path, headers };
    if (endpoint.kind === 'socket') options.socketPath = endpoint.socketPath;
    else if (endpoint.kind === 'tcp') Object.assign(options, { host: endpoint.host, port: endpoint.port });
    else {
      dialer = dialStdio(endpoint);
      options.createConnection = () => dialer!.stream as never;
    }
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      dialer?.close();
      reject(error);
    };
    const timer = setTimeout(() => {
      fail(dockerError({ code: DockerErrorCodes.commandFailed, message: `${req.what}: the Docker daemon at ${describeEndpoint(endpoint)} did not answer within ${Math.round(timeoutMs / 1000)} s.` }));
      outgoing.destroy();
    }, timeoutMs);
    const outgoing = request(options, (res) => {
      const status = res.statusCode ?? 0;
      const done = (result: Promise<T>) =>
        result.then(
          (value) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            dialer?.close();
            resolve(value);
          },
          fail,
        );
      if (status >= 300 && !(req.accept ?? []).includes(status) && status !== 304) {
        done(readAll(res).then((body) => Promise.reject(apiError(req, status, body))));
        return;
      }
      done(consume(res));
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => fail(connectError(endpoint, error, dialer)));
    if (payload !== undefined) outgoing.end(payload);
    else if (req.body !== undefined) {
      req.body.on('error', (error) => {
        fail(error);
        outgoing.destroy();
      });
      req.body.pipe(outgoing);
    } else outgoing.end();
  });
}

async function readAll(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** docker's message from an error answer (`{"message": "..."}`), else the raw text. */
export function apiMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: a proxy's page, or plain text
  }
  return text === '' ? 'no message' : text.slice(0, 2000);
}

function apiError(req: ApiRequest, status: number, body: Buffer): Hop3Error {
  return dockerError({
    code: DockerErrorCodes.commandFailed,
    message: `${req.what} failed: ${apiMessage(body)} (Docker Engine API ${req.method} ${req.path}: HTTP ${status})`,
    details: { status, method: req.method, path: req.path },
  });
}

const DAEMON_DOWN = /Cannot connect to the Docker daemon|Is the docker daemon running|permission denied while trying to connect|error during connect|connection refused|no such file/i;

function connectError(endpoint: ApiEndpoint, error: NodeJS.ErrnoException, dialer: DialStdio | null): Hop3Error | Error {
  const where = describeEndpoint(endpoint);
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return dockerError({
      code: DockerErrorCodes.daemonUnavailable,
      message: `Permission denied on the Docker socket ${where}: run hop3 as root or as a member of the docker group ("hop3 setup --only docker" creates it).`,
      cause: error,
    });
  }
  const stderr = dialer?.stderr() ?? '';
  if (['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ENOTCONN'].includes(error.code ?? '') || DAEMON_DOWN.test(stderr)) {
    if (dialer !== null && dialer.notInstalled()) {
      return dockerError({ code: DockerErrorCodes.daemonUnavailable, message: `The docker client "${(endpoint as { bin: string }).bin}" is not installed (needed to reach ${where}). Install Docker with "hop3 setup --only docker" (Debian's docker.io), or set HOP3_DOCKER_BIN.`, cause: error });
    }
    const reason = stderr.trim().split('\n').find((line) => line.trim() !== '') ?? `${error.code ?? 'no answer'} on ${where}`;
    return dockerError({ code: DockerErrorCodes.daemonUnavailable, message: `The Docker daemon is not running (${reason}). ${START_DAEMON_HINT}`, cause: error });
  }
  return dockerError({ code: DockerErrorCodes.commandFailed, message: `The Docker daemon at ${where} could not be asked: ${error.message}`, cause: error });
}

interface DialStdio {
  stream: Duplex;
  stderr(): string;
  notInstalled(): boolean;
  close(): void;
}

/** A connection to the daemon through the docker client (`docker system dial-stdio`): ssh, TLS and contexts as the client knows them. */
function dialStdio(endpoint: Extract<ApiEndpoint, { kind: 'dial-stdio' }>): DialStdio {
  const child = spawn(endpoint.bin, ['system', 'dial-stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...endpoint.env } });
  let stderr = '';
  let missing = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  child.on('error', (error: NodeJS.ErrnoException) => {
    missing = error.code === 'ENOENT';
    stream.destroy(Object.assign(new Error(error.message), { code: 'ENOTCONN' }));
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) stream.destroy(Object.assign(new Error(stderr.trim() || `dial-stdio exited with ${code}`), { code: 'ENOTCONN' }));
  });
  return {
    stream,
    stderr: () => stderr,
    notInstalled: () => missing,
    close: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}
