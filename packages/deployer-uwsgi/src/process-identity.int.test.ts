import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout, emptyAppConfig, type DeploymentContext, type StrategyRuntime } from '@hop3/core';
import { runCommand, waitForHttp, waitUntil } from '@hop3/kit';
import { ensureEmperor, stopEmperor } from './emperor.js';
import { findProcesses, processPrefix } from './processes.js';
import { readDeployerSettings } from './settings.js';
import { UwsgiDeployer } from './uwsgi-deployer.js';
import { ensureOsUser } from '@hop3/testkit';

// Who an app's processes run as, and which processes are an app's: both follow HOP3_ROOT.

const PYTHON = '/usr/bin/python3';

const WHOAMI_APP = `import os
def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [('uid=%d' % os.getuid()).encode()]
`;

// The background worker proves it can write its release dir, then stays up.
const BACKGROUND = `import os, time
with open('background.uid', 'w') as f:
    f.write(str(os.getuid()))
time.sleep(3600)
`;

const roots: StrategyRuntime[] = [];

async function privateRoot(): Promise<StrategyRuntime> {
  const root = await mkdtemp(join(tmpdir(), 'hop3-id-'));
  const runtime: StrategyRuntime = {
    layout: createLayout(root),
    env: { HOP3_PYTHON: PYTHON },
    log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
  };
  roots.push(runtime);
  return runtime;
}

/** A release of `app` under the runtime's HOP3_ROOT and a deployer for it, with a venv inside the root. */
async function appIn(runtime: StrategyRuntime, app: string, workers: Record<string, string>, files: Record<string, string>): Promise<UwsgiDeployer> {
  const paths = runtime.layout.app(app);
  const src = join(paths.root, 'releases', '1');
  await mkdir(src, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(src, name), text);
  await runCommand(PYTHON, ['-m', 'venv', paths.venv]);
  const context: DeploymentContext = { appName: app, sourcePath: src, appConfig: { ...emptyAppConfig(), workers } };
  return new UwsgiDeployer(context, { kind: 'virtualenv', location: paths.venv, metadata: {} }, runtime);
}

const prefix = (runtime: StrategyRuntime, app: string, kind?: string) => processPrefix(readDeployerSettings(runtime).processTag, app, kind);

/** The real, effective, saved and filesystem uids of a process. */
async function uidsOf(pid: number): Promise<number[]> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return (/^Uid:\s+(.*)$/m.exec(status)?.[1] ?? '').trim().split(/\s+/).map(Number);
}

/** Children of `parents` whose command line contains `word`. */
async function childrenRunning(parents: number[], word: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    try {
      const statLine = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(statLine.slice(statLine.lastIndexOf(')') + 2).split(' ')[1]);
      if (parents.includes(ppid) && (await readFile(`/proc/${entry}/cmdline`, 'utf8')).includes(word)) found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

beforeAll(async () => {
  const missing = (await runCommand('uwsgi', ['--version'], { allowFailure: true }).catch(() => null)) === null;
  if (missing) throw new Error('uwsgi is not installed: apt-get install uwsgi uwsgi-plugin-python3 (this test never skips)');
  expect(process.getuid?.(), 'these tests switch users: run them as root (as CI does)').toBe(0);
});

afterAll(async () => {
  for (const runtime of roots) {
    await stopEmperor(runtime).catch(() => undefined);
    await rm(runtime.layout.root, { recursive: true, force: true });
  }
});

describe('an app runs as the owner of HOP3_ROOT when hop3 is root', () => {
  it('drops the wsgi workers, the background worker and the release command to that user; its files stay private', async () => {
    const user = await ensureOsUser('hop3test');
    const runtime = await privateRoot();
    await chown(runtime.layout.root, user.uid, user.gid);
    await chmod(runtime.layout.root, 0o700);
    // The release command runs as the app too: it writes which user it ran as.
    const workers = { wsgi: 'app:application', worker: `${PYTHON} background.py`, release: 'id -u > release.uid' };
    const deployer = await appIn(runtime, 'idapp', workers, { 'app.py': WHOAMI_APP, 'background.py': BACKGROUND });
    const info = await deployer.deploy();
    await deployer.commit();
    const paths = runtime.layout.app('idapp');

    expect((await waitForHttp(`http://127.0.0.1:${info.port}/`, { timeoutMs: 30_000, accept: (s) => s === 200 })).body).toBe(`uid=${user.uid}`);
    const wsgi = findProcesses(prefix(runtime, 'idapp', 'wsgi'));
    expect(wsgi.length).toBeGreaterThanOrEqual(2); // master and a worker
    for (const entry of wsgi) expect(await uidsOf(entry.pid)).toEqual([user.uid, user.uid, user.uid, user.uid]);

    const workerMasters = findProcesses(prefix(runtime, 'idapp', 'worker')).map((p) => p.pid);
    let background: number[] = [];
    await waitUntil(async () => (background = await childrenRunning(workerMasters, 'background.py')).length > 0, { timeoutMs: 15_000, description: 'the background worker' });
    for (const pid of background) expect(await uidsOf(pid)).toEqual([user.uid, user.uid, user.uid, user.uid]);
    await waitUntil(async () => (await readFile(join(deployer.context.sourcePath, 'background.uid'), 'utf8').catch(() => '')) !== '', { timeoutMs: 15_000, description: 'background.uid' });
    expect(await readFile(join(deployer.context.sourcePath, 'background.uid'), 'utf8')).toBe(String(user.uid));
    expect((await readFile(join(deployer.context.sourcePath, 'release.uid'), 'utf8')).trim()).toBe(String(user.uid));

    // What the app writes is the app's; what holds its env is private.
    const log = await stat(join(paths.log, 'wsgi.1.log'));
    expect([log.uid, log.mode & 0o777]).toEqual([user.uid, 0o600]);
    for (const dir of [paths.log, paths.data]) expect([(await stat(dir)).uid, (await stat(dir)).mode & 0o777]).toEqual([user.uid, 0o700]);
    const settings = readDeployerSettings(runtime);
    for (const dir of [settings.vassalsDir, settings.availableDir]) {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      for (const file of await readdir(dir)) expect((await stat(join(dir, file))).mode & 0o777, `${dir}/${file}`).toBe(0o600);
    }

    await deployer.destroy();
    expect(findProcesses(prefix(runtime, 'idapp'))).toEqual([]);
  });
});

describe('the same app name under two HOP3_ROOTs', () => {
  it('destroys one quickly while the other keeps answering', async () => {
    const [one, two] = [await privateRoot(), await privateRoot()];
    const deployers = [await appIn(one, 'twin', { wsgi: 'app:application' }, { 'app.py': WHOAMI_APP }), await appIn(two, 'twin', { wsgi: 'app:application' }, { 'app.py': WHOAMI_APP })];
    const infos = [];
    for (const deployer of deployers) {
      infos.push(await deployer.deploy());
      await deployer.commit();
    }
    for (const info of infos) await waitForHttp(`http://127.0.0.1:${info.port}/`, { timeoutMs: 30_000, accept: (s) => s === 200 });
    expect(prefix(one, 'twin')).not.toBe(prefix(two, 'twin'));

    const started = Date.now();
    await deployers[0]!.destroy();
    expect(Date.now() - started).toBeLessThan(8_000); // it used to wait 20 s for the other root's processes, then fail
    expect(findProcesses(prefix(one, 'twin'))).toEqual([]);
    expect(findProcesses(prefix(two, 'twin')).length).toBeGreaterThan(0);
    expect((await waitForHttp(`http://127.0.0.1:${infos[1]!.port}/`, { timeoutMs: 5_000, accept: (s) => s === 200 })).body).toBe('uid=0');
    await deployers[1]!.destroy();
  });
});
