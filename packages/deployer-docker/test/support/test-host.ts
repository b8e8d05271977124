import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, type AppStatus, type Engine, type EngineEvent } from '@hop3/engine';
import { findFreePort, waitUntil } from '@hop3/kit';
import nginxPlugin from 'hop3-plugin-proxy-nginx';
import postgresPlugin from 'hop3-plugin-addon-postgres';
import redisPlugin from 'hop3-plugin-addon-redis';
import dockerPlugin from '../../src/index.js';
import { LABELS, rootTag } from '../../src/names.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** An engine of the test's own: private HOP3_ROOT, nginx on free loopback ports, the docker plugin. */
export interface TestHost {
  engine: Engine;
  root: string;
  work: string;
  httpPort: number;
  events: EngineEvent[];
  warnings: string[];
  /** GET through nginx with `<app>.localhost` as Host. */
  get(app: string, path?: string): Promise<{ status: number; body: string }>;
  /** A copy of a fixture app in the work dir, with files replaced. */
  appCopy(fixture: string, name: string, files?: Record<string, string>): Promise<string>;
  /** Destroy every app, stop nginx, remove anything labelled with this root, remove the dirs. */
  close(): Promise<void>;
}

export async function createTestHost(name: string, env: Record<string, string> = {}): Promise<TestHost> {
  const base = await mkdtemp(join(tmpdir(), `hop3-docker-${name}-`));
  const root = join(base, 'root');
  const work = join(base, 'work');
  await mkdir(root, { mode: 0o700 });
  await mkdir(work);
  const httpPort = await findFreePort();
  const events: EngineEvent[] = [];
  const warnings: string[] = [];
  const engine = await createEngine({
    root,
    env: { ...process.env, HOP3_ROOT: root, HOP3_HTTP_PORT: String(httpPort), HOP3_HTTPS_PORT: String(await findFreePort()), HOP3_START_TIMEOUT: '30', ...env },
    plugins: { plugins: [dockerPlugin, nginxPlugin, postgresPlugin, redisPlugin], discover: false },
    log: { info: () => undefined, debug: () => undefined, warn: (message) => warnings.push(message) },
    onEvent: (event) => events.push(event),
  });
  return {
    engine,
    root,
    work,
    httpPort,
    events,
    warnings,
    get: (app, path = '/') => httpGet(httpPort, `${app}.localhost`, path),
    async appCopy(fixture, copyName, files = {}) {
      const dir = join(work, copyName);
      await rm(dir, { recursive: true, force: true });
      await cp(join(FIXTURES, fixture), dir, { recursive: true });
      for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
      return dir;
    },
    async close() {
      for (const app of await engine.apps().catch(() => [])) await engine.destroy({ app: app.name }).catch(() => undefined);
      await engine.server.stop().catch(() => undefined);
      removeLabelled(rootTag(root));
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** Whatever a test left under its root: containers by label (images go with `destroy`). */
function removeLabelled(rootId: string): void {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=${LABELS.root}=${rootId}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (ids.length > 0) execFileSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
}

export function httpGet(port: number, host: string, path = '/', timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host, connection: 'close' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Docker objects of an app under a root, for "nothing left" checks. */
export function dockerObjects(app: string): { containers: string[]; images: string[] } {
  const list = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  return {
    containers: list(['ps', '-aq', '--filter', `label=${LABELS.app}=${app}`]),
    images: list(['image', 'ls', '-q', '--filter', `label=${LABELS.app}=${app}`]),
  };
}

/** The pids of log pumps still copying into a log file under `root`: destroy must leave none. */
export function logPumpsUnder(root: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (args.some((arg) => arg.endsWith('/log-pump.mjs')) && args.some((arg) => arg.startsWith(`${root}/`))) pids.push(Number(entry));
  }
  return pids;
}

/**
 * GET through nginx every `intervalMs` until stopped: counts answers that are not a 200 (or fail).
 * What a user would see during a redeploy.
 */
export function requestLoop(get: () => Promise<{ status: number; body: string }>, intervalMs = 20): { stop(): Promise<{ ok: number; failed: number; bodies: Set<string>; failures: string[] }> } {
  let running = true;
  let ok = 0;
  let failed = 0;
  const bodies = new Set<string>();
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      try {
        const answer = await get();
        if (answer.status === 200) {
          ok++;
          bodies.add(answer.body.trim());
        } else {
          failed++;
          failures.push(`${answer.status} ${answer.body.slice(0, 80)}`);
        }
      } catch (error) {
        failed++;
        failures.push(String(error));
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ok, failed, bodies, failures };
    },
  };
}

/**
 * Wait until the app's processes answer on an endpoint nginx does not send to (a web container or
 * task that docker or Swarm started again on a new port), and return that status.
 */
export async function statusOnceProxyMisses(host: TestHost, app: string, what: string): Promise<AppStatus> {
  let status: AppStatus | undefined;
  await waitUntil(
    async () => {
      status = await host.engine.status({ app });
      return status.running && (status.proxy?.missed.length ?? 0) > 0;
    },
    { timeoutMs: 60_000, intervalMs: 250, description: what },
  );
  return status!;
}
