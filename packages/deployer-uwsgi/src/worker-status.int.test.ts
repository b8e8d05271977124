import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout, emptyAppConfig, type DeploymentContext, type StrategyRuntime, type WorkerStatus } from '@hop3/core';
import { runCommand, waitForHttp, waitUntil } from '@hop3/kit';
import { ensureEmperor } from './emperor.js';
import { uwsgiService } from './index.js';
import { readProcessTable } from './process-table.js';
import { UwsgiDeployer } from './uwsgi-deployer.js';

// Real uWSGI: a worker that crash-loops, a compound worker command, a wsgi app that cannot start.
const PYTHON = '/usr/bin/python3';

let root: string;
let runtime: StrategyRuntime;
let venv: string;

const WSGI_APP = `def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'ok']
`;
const CRASH = `import sys
print('boom: cannot reach the queue', flush=True)
sys.exit(3)
`;

async function release(app: string, files: Record<string, string>): Promise<string> {
  const dir = join(createLayout(root).app(app).root, 'releases', '1');
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function deployerFor(app: string, src: string, workers: Record<string, string>): UwsgiDeployer {
  const context: DeploymentContext = { appName: app, sourcePath: src, appConfig: { ...emptyAppConfig(), workers } };
  return new UwsgiDeployer(context, { kind: 'virtualenv', location: venv, metadata: {} }, runtime);
}

function worker(workers: readonly WorkerStatus[] | undefined, kind: string): WorkerStatus | undefined {
  return workers?.find((w) => w.kind === kind && w.ordinal === 1);
}

/** Processes whose command line is exactly `title` (ours are unique: a random sleep length). */
async function processesTitled(title: string): Promise<number[]> {
  return readProcessTable().filter((p) => p.title === title).map((p) => p.pid);
}

beforeAll(async () => {
  const missing = (await runCommand('uwsgi', ['--version'], { allowFailure: true }).catch(() => null)) === null;
  if (missing) throw new Error('uwsgi is not installed: apt-get install uwsgi uwsgi-plugin-python3 (this test never skips)');
  root = await mkdtemp(join(tmpdir(), 'hop3-ws-'));
  runtime = { layout: createLayout(root), env: { HOP3_PYTHON: PYTHON }, log: { info: () => undefined, warn: () => undefined, debug: () => undefined } };
  venv = join(root, 'shared-venv');
  await runCommand(PYTHON, ['-m', 'venv', venv]);
  await ensureEmperor(runtime);
});

afterAll(async () => {
  await uwsgiService.stop(runtime);
  await rm(root, { recursive: true, force: true });
});

describe('worker status and worker commands under a real uWSGI', () => {
  const sleepFor = String(40_000 + Math.floor(Math.random() * 9_999));
  let src: string;

  it('reports a crash-looping worker as restarting with its log, while the web kind is up', async () => {
    src = await release('mix', { 'app.py': WSGI_APP, 'crash.py': CRASH });
    const deployer = deployerFor('mix', src, {
      wsgi: 'app:application',
      crashy: 'python crash.py',
      both: `touch "$HOME/first.out" && sleep ${sleepFor}`,
    });
    const info = await deployer.deploy();
    await deployer.commit();
    await waitForHttp(`http://127.0.0.1:${info.port}/`, { timeoutMs: 30_000, accept: (s) => s === 200 });
    let status = await deployer.getStatus();
    await waitUntil(
      async () => {
        status = await deployer.getStatus();
        return worker(status.workers, 'crashy')?.state === 'restarting' && worker(status.workers, 'wsgi')?.state === 'up';
      },
      { timeoutMs: 20_000, description: 'crashy to be reported restarting', lastState: () => JSON.stringify(status.workers) },
    );
    const crashy = worker(status.workers, 'crashy')!;
    expect(crashy.logTail?.some((line) => line.includes('boom: cannot reach the queue'))).toBe(true);
    expect(crashy.detail).toMatch(/exit/);
    expect(worker(status.workers, 'wsgi')!.logTail).toBeUndefined();
    // The web kind answers: the app serves (degraded, which the host shows), so checkStatus holds.
    expect(status.running).toBe(true);
    expect(await deployer.checkStatus()).toBe(true);
  });

  it('runs both parts of an "a && b" worker (not only a)', async () => {
    const deployer = deployerFor('mix', src, { wsgi: 'app:application', crashy: 'python crash.py', both: `touch "$HOME/first.out" && sleep ${sleepFor}` });
    await waitUntil(async () => (await processesTitled(`sleep ${sleepFor}`)).length === 1, { timeoutMs: 20_000, description: `"sleep ${sleepFor}" (the part after &&) to run` });
    expect(existsSync(join(createLayout(root).app('mix').root, 'first.out'))).toBe(true);
    expect(worker((await deployer.getStatus()).workers, 'both')?.state).toBe('up');
  });

  it('restart returns once the web kind runs anew', async () => {
    const deployer = deployerFor('mix', src, { wsgi: 'app:application', crashy: 'python crash.py', both: `touch "$HOME/first.out" && sleep ${sleepFor}` });
    const before = worker((await deployer.getStatus()).workers, 'wsgi')!.pids!.slice(1);
    expect(before.length).toBeGreaterThan(0);
    await deployer.restart();
    const after = worker((await deployer.getStatus()).workers, 'wsgi')?.pids?.slice(1) ?? [];
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
  });

  it('leaves no process of the compound command after stop', async () => {
    const deployer = deployerFor('mix', src, { wsgi: 'app:application', crashy: 'python crash.py', both: `touch "$HOME/first.out" && sleep ${sleepFor}` });
    // The restart before this reloaded every vassal; only the web kind is waited for, so the
    // compound command may still be coming back.
    await waitUntil(async () => (await processesTitled(`sleep ${sleepFor}`)).length === 1, { timeoutMs: 20_000, description: 'the compound command to run (once)' });
    await deployer.stop();
    await waitUntil(async () => (await processesTitled(`sleep ${sleepFor}`)).length === 0, { timeoutMs: 5_000, description: 'the compound command to be gone after stop' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await processesTitled(`sleep ${sleepFor}`)).toEqual([]);
    const status = await deployer.getStatus();
    expect(status.running).toBe(false);
    expect(status.workers?.map((w) => w.state)).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('says not running when the wsgi app cannot start, and shows why', async () => {
    const bad = await release('down', { 'app.py': 'import no_such_module\n' });
    const deployer = deployerFor('down', bad, { wsgi: 'app:application' });
    await deployer.deploy();
    let status = await deployer.getStatus();
    await waitUntil(
      async () => {
        status = await deployer.getStatus();
        return worker(status.workers, 'wsgi')?.logTail?.some((line) => line.includes('no_such_module')) === true;
      },
      { timeoutMs: 20_000, description: 'the import error in the status', lastState: () => JSON.stringify(status.workers) },
    );
    expect(['crashed', 'starting', 'restarting']).toContain(worker(status.workers, 'wsgi')?.state);
    for (let i = 0; i < 5; i += 1) {
      expect(await deployer.checkStatus()).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await deployer.destroy();
    expect((await readdir(createLayout(root).uwsgiEnabledDir)).filter((f) => f.startsWith('down_'))).toEqual([]);
    expect(await readFile(join(createLayout(root).app('down').log, 'wsgi.1.log'), 'utf8')).toContain('no_such_module');
  });
});
