import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout, emptyAppConfig, hasErrorCode, type DeploymentContext, type DeploymentInfo, type ServiceDescriptor, type StrategyRuntime } from '@hop3/core';
import { isPortOpen, runCommand, waitForHttp, waitForPortClosed, waitUntil } from '@hop3/kit';
import { emperorStatus, ensureEmperor, stopEmperor } from './emperor.js';
import plugin, { uwsgiService } from './index.js';
import { findProcesses, processPrefix } from './processes.js';
import { readDeployerSettings } from './settings.js';
import { UwsgiDeployer } from './uwsgi-deployer.js';
import { failure } from '@hop3/testkit';

const PYTHON = '/usr/bin/python3';

let root: string;
let runtime: StrategyRuntime;
let venv: string;

const WSGI_APP = (version: string): string => `import os
def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [('version ${version} app=%s greeting=%s' % (os.environ.get('APP'), os.environ.get('GREETING'))).encode()]
`;

const WEB_SERVER = `import http.server, json, os, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({'port': os.environ['PORT'], 'app': os.environ.get('APP'), 'argv': sys.argv[1:]}).encode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)
http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), Handler).serve_forever()
`;

const WORKER = `import os, time
with open(os.path.join(os.environ['HOME'], 'worker.out'), 'w') as f:
    f.write('%s %s' % (os.environ['APP'], os.environ.get('VIRTUAL_ENV')))
time.sleep(3600)
`;

async function release(app: string, n: number, files: Record<string, string>): Promise<string> {
  const dir = join(createLayout(root).app(app).root, 'releases', String(n));
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function deployerFor(app: string, src: string, workers: Record<string, string>, env: Record<string, string> = {}): UwsgiDeployer {
  const context: DeploymentContext = { appName: app, sourcePath: src, appConfig: { ...emptyAppConfig(), workers, env } };
  return new UwsgiDeployer(context, { kind: 'virtualenv', location: venv, metadata: {} }, runtime);
}

async function get(port: number | null, timeoutMs = 30_000): Promise<string> {
  const answer = await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs, accept: (s) => s === 200 });
  return answer.body;
}

async function workerProcesses(app: string, kind: string): Promise<number> {
  return findProcesses(prefix(app, kind)).filter((p) => p.title.includes('uWSGI worker')).length;
}

/** The title prefix of an app's processes under this test's HOP3_ROOT. */
function prefix(app: string, kind?: string): string {
  return processPrefix(readDeployerSettings(runtime).processTag, app, kind);
}


beforeAll(async () => {
  const missing = (await runCommand('uwsgi', ['--version'], { allowFailure: true }).catch(() => null)) === null;
  if (missing) throw new Error('uwsgi is not installed: apt-get install uwsgi uwsgi-plugin-python3 (this test never skips)');
  root = await mkdtemp(join(tmpdir(), 'hop3-uw-'));
  runtime = {
    layout: createLayout(root),
    env: { HOP3_PYTHON: PYTHON },
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
  };
  venv = join(root, 'shared-venv');
  await runCommand(PYTHON, ['-m', 'venv', venv]);
  await ensureEmperor(runtime);
});

afterAll(async () => {
  await uwsgiService.stop(runtime);
  await uwsgiService.stop(runtime);
  expect((await uwsgiService.status(runtime)).running).toBe(false);
  await rm(root, { recursive: true, force: true });
});

describe('UwsgiDeployer with a real uWSGI emperor', () => {
  let first: DeploymentInfo;
  let v1Src: string;

  it('runs the embedded emperor as the plugin\'s "uwsgi" service', async () => {
    const services = (await plugin.hooks.getServices()) as ServiceDescriptor[];
    expect(services.map((s) => s.name)).toEqual(['uwsgi']);
    const status = await services[0]!.status(runtime);
    expect(status).toMatchObject({ running: true, managed: true });
    await services[0]!.start(runtime);
    expect(await ensureEmperor(runtime)).toBe(status.pid); // idempotent: same emperor
    // Daemonized with umask 022, not 0: its pid file, and what the apps create, are not world-writable.
    expect((await stat(join(root, 'run', 'uwsgi-emperor.pid'))).mode & 0o777).toBe(0o644);
    expect(await readFile(`/proc/${status.pid}/status`, 'utf8')).toMatch(/^Umask:\s+0022$/m);
  });

  it('deploys a WSGI app that answers on its http port and has its unix socket', async () => {
    v1Src = await release('shop', 1, { 'app.py': WSGI_APP('1') });
    const deployer = deployerFor('shop', v1Src, { wsgi: 'app:application', static: 'public' }, { GREETING: '100% ok' });
    first = await deployer.deploy();
    expect(first.protocol).toBe('unix');
    expect(first.address).toBe(join(root, 'run', 'uwsgi', 'shop_wsgi.g1.sock'));
    expect(await get(first.port)).toBe('version 1 app=shop greeting=100% ok');
    expect(existsSync(first.address)).toBe(true);
    await deployer.commit();
    const enabled = await readdir(readDeployerSettings(runtime).vassalsDir);
    expect(enabled).toEqual(['shop_wsgi.1.g1.ini']);
    expect(await deployer.checkStatus()).toBe(true);
  });

  it('scales wsgi to 2 worker processes (web is its alias)', async () => {
    const deployer = deployerFor('shop', v1Src, { wsgi: 'app:application' });
    await deployer.scaleTo({ web: 2 });
    await waitUntil(async () => (await workerProcesses('shop', 'wsgi')) === 2, { timeoutMs: 20_000, description: '2 wsgi workers' });
    expect((await deployer.getStatus()).processes).toEqual({ wsgi: 2 });
    expect(await get(first.port)).toContain('version 1');
    const error = await failure(deployer.scale({ worker: 1 }));
    expect(error.code).toBe('HOP3_UWSGI_INVALID_SCALE');
    expect(error.message).toContain('wsgi');
    expect((await failure(deployer.scale({ wsgi: -3 }))).message).toContain('below 0');
  });

  it('stops (twice), starts on the same port and restarts', async () => {
    const deployer = deployerFor('shop', v1Src, { wsgi: 'app:application' });
    await deployer.stop();
    await deployer.stop();
    expect(findProcesses(prefix('shop'))).toEqual([]);
    expect(await isPortOpen(first.port!)).toBe(false);
    expect(await deployer.checkStatus()).toBe(false);

    await deployer.start();
    await deployer.start();
    expect(await get(first.port)).toContain('version 1');
    await waitUntil(async () => (await workerProcesses('shop', 'wsgi')) === 2, { timeoutMs: 20_000, description: '2 wsgi workers after start' });

    const before = findProcesses(prefix('shop', 'wsgi')).map((p) => p.pid);
    await deployer.restart();
    await waitUntil(async () => {
      const now = findProcesses(prefix('shop', 'wsgi')).filter((p) => p.title.includes('uWSGI worker')).map((p) => p.pid);
      return now.length === 2 && now.every((pid) => !before.includes(pid));
    }, { timeoutMs: 20_000, description: 'new worker pids after restart' });
    expect(await get(first.port)).toContain('version 1');
  });

  it('redeploys beside the old generation, and commit retires the old one', async () => {
    const v2Src = await release('shop', 2, { 'app.py': WSGI_APP('2') });
    const deployer = deployerFor('shop', v2Src, { wsgi: 'app:application' });
    const second = await deployer.deploy();
    expect(second.port).not.toBe(first.port);
    expect(second.address).toContain('shop_wsgi.g2.sock');
    expect(await get(second.port)).toContain('version 2');
    expect(await get(first.port)).toContain('version 1'); // still serving until commit
    await deployer.commit();
    await deployer.commit();
    await waitForPortClosed(first.port!, { timeoutMs: 15_000 });
    await waitUntil(async () => (await workerProcesses('shop', 'wsgi')) === 2, { timeoutMs: 20_000, description: 'only the new generation left' });
    expect(await readdir(readDeployerSettings(runtime).vassalsDir)).toEqual(['shop_wsgi.1.g2.ini']);
    expect((await deployer.getStatus()).generation).toBe(2);
    first = second;
  });

  it('rolls back a new version that fails to import: the old one keeps answering', async () => {
    const badSrc = await release('shop', 3, { 'app.py': 'import no_such_module\n' });
    const deployer = deployerFor('shop', badSrc, { wsgi: 'app:application' });
    const bad = await deployer.deploy();
    await expect(waitForHttp(`http://127.0.0.1:${bad.port}/`, { timeoutMs: 4_000, accept: (s) => s === 200 })).rejects.toThrow();
    await deployer.rollback();
    await deployer.rollback();
    expect(await readdir(readDeployerSettings(runtime).vassalsDir)).toEqual(['shop_wsgi.1.g2.ini']);
    expect(await get(first.port)).toContain('version 2');
    expect((await deployer.getStatus()).generation).toBe(2);
  });

  it('fails a deploy whose release command fails, before starting anything', async () => {
    const src = await release('shop', 4, { 'app.py': WSGI_APP('4') });
    const deployer = deployerFor('shop', src, { wsgi: 'app:application', release: 'echo migrating; exit 3' });
    const error = await failure(deployer.deploy());
    expect(hasErrorCode(error, 'HOP3_UWSGI_RELEASE_FAILED')).toBe(true);
    expect(error.message).toContain('migrating');
    expect(await readdir(readDeployerSettings(runtime).vassalsDir)).toEqual(['shop_wsgi.1.g2.ini']);
    expect(await get(first.port)).toContain('version 2');

    const badEnv = deployerFor('shop', src, { wsgi: 'app:application' }, { NOTE: 'two\nlines' });
    const envError = await failure(badEnv.deploy());
    expect(hasErrorCode(envError, 'HOP3_UWSGI_INVALID_ENV')).toBe(true);
    expect(envError.message).toContain('NOTE');
    expect(await readdir(readDeployerSettings(runtime).vassalsDir)).toEqual(['shop_wsgi.1.g2.ini']);
  });

  it('brings the app back with start() after the emperor was stopped (hop3 server stop)', async () => {
    const deployer = deployerFor('shop', join(createLayout(root).app('shop').root, 'releases', '2'), { wsgi: 'app:application' });
    await stopEmperor(runtime);
    await stopEmperor(runtime);
    expect(findProcesses(prefix('shop'))).toEqual([]);
    expect(await deployer.checkStatus()).toBe(false);
    await deployer.start();
    expect(await get(first.port)).toContain('version 2');
    expect((await emperorStatus(runtime)).running).toBe(true);
  });

  it('runs web workers (one port each) and background workers with the app env', async () => {
    const src = await release('site', 1, { 'server.py': WEB_SERVER, 'worker.py': WORKER });
    const deployer = deployerFor('site', src, { web: 'python server.py --tags a,b', worker: 'python worker.py' });
    const info = await deployer.deploy({ web: 1 });
    await deployer.commit();
    expect(info.protocol).toBe('http');
    expect(info.upstreams).toHaveLength(1);
    const one = JSON.parse(await get(info.port)) as { port: string; app: string; argv: string[] };
    expect(one).toEqual({ port: String(info.port), app: 'site', argv: ['--tags', 'a,b'] });
    const two = JSON.parse(await get(info.upstreams![0]!.port)) as { port: string };
    expect(two.port).toBe(String(info.upstreams![0]!.port));
    const marker = join(createLayout(root).app('site').root, 'worker.out');
    await waitUntil(() => existsSync(marker), { timeoutMs: 20_000, description: 'the worker to write its marker' });
    await waitUntil(async () => (await readFile(marker, 'utf8')) !== '', { timeoutMs: 5_000, description: 'marker content' });
    expect(await readFile(marker, 'utf8')).toBe(`site ${venv}`);
    expect((await deployer.getStatus()).processes).toEqual({ web: 2, worker: 1 });

    await deployer.scaleTo({ web: 1 });
    await waitForPortClosed(info.upstreams![0]!.port!, { timeoutMs: 15_000 });
    expect(await get(info.port)).toContain('"app": "site"');
  });

  it('destroys (twice), leaving no vassal, socket or state but keeping data/', async () => {
    for (const app of ['shop', 'site']) {
      const paths = createLayout(root).app(app);
      await mkdir(paths.data, { recursive: true });
      await writeFile(join(paths.data, 'keep.txt'), 'x');
      const deployer = deployerFor(app, join(paths.root, 'releases', '1'), { wsgi: 'app:application' });
      await deployer.destroy();
      await deployer.destroy();
      expect(findProcesses(prefix(app))).toEqual([]);
      expect(existsSync(join(paths.root, 'uwsgi-state.json'))).toBe(false);
      expect(existsSync(join(paths.data, 'keep.txt'))).toBe(true);
    }
    const settings = readDeployerSettings(runtime);
    expect((await readdir(settings.vassalsDir)).filter((f) => f.endsWith('.ini'))).toEqual([]);
    expect((await readdir(settings.availableDir)).filter((f) => f.endsWith('.ini'))).toEqual([]);
    expect((await readdir(settings.socketDir)).filter((f) => f.endsWith('.sock'))).toEqual([]);
    expect(await isPortOpen(first.port!)).toBe(false);
  });
});
