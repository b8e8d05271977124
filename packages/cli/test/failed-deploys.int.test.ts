// End to end: input the docs say is validated first is refused BEFORE anything is written (exit
// code 2, a message naming the problem, nothing under apps/<app>, no vassal, no nginx site); a
// first deploy that fails late removes everything it created, its [[addons]] redis included; a
// damaged app.json is reported as such and `hop3 destroy` still removes the app.
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProcessLines, processCommandLines, requirePrograms } from './support/programs.js';
import { HOP3_BIN, runHop3 } from './support/hop3-runner.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));

let private_: PrivateHop3;
let root: string;
let work: string;
let env: Record<string, string>;
let httpPort: number;

const hop3 = (args: string[], extraEnv: Record<string, string> = {}) => runHop3(args, { env: { ...env, ...extraEnv }, cwd: work });

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/** Everything hop3 wrote for `app`: its dir, its vassals, its nginx site and certificate. */
async function tracesOf(app: string): Promise<string[]> {
  const found: string[] = [];
  if ((await entries(join(root, 'apps'))).includes(app)) found.push(`apps/${app}`);
  for (const dir of ['uwsgi/enabled', 'uwsgi/available', 'nginx/sites', 'certs']) {
    for (const file of await entries(join(root, dir))) if (file.startsWith(`${app}_`) || file.startsWith(`${app}.`)) found.push(`${dir}/${file}`);
  }
  return found;
}

async function copyExample(name: string, change?: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(work, name);
  await cp(EXAMPLE, dir, { recursive: true });
  await change?.(dir);
  return dir;
}

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3', 'openssl', 'redis-server');
  private_ = await createPrivateHop3({ name: 'fail', startTimeout: 10 });
  ({ root, work, env, httpPort } = private_);
  // One app that serves a hostname, so taking it again can be refused.
  const owner = await hop3(['deploy', EXAMPLE, '--app', 'owner', '--host', 'shop.example.test']);
  expect(owner.code, owner.stderr).toBe(0);
}, 120_000);

afterAll(() => private_?.close());

describe('bad input is refused before anything is written', () => {
  const cases: Array<{ what: string; args: () => Promise<string[]>; env?: Record<string, string>; says: RegExp }> = [
    { what: 'an env value with $(', args: async () => ['deploy', EXAMPLE, '--app', 'bad', '--env', 'X=a$(id)'], says: /X.*"\$\("/ },
    { what: 'an env value with %( (a uWSGI option)', args: async () => ['deploy', EXAMPLE, '--app', 'bad', '--env', 'P=%(chdir)'], says: /P.*"%\("/ },
    { what: 'an env value with a trailing space', args: async () => ['deploy', EXAMPLE, '--app', 'bad', '--env', 'X=value '], says: /X.*ends with a blank/ },
    {
      what: 'a hop3.toml [env] value with @(',
      args: async () => ['deploy', await copyExample('toml-env', (dir) => writeFile(join(dir, 'hop3.toml'), '[env]\nX = "@(/etc/passwd)"\n')), '--app', 'bad'],
      says: /env\.X.*"@\("/,
    },
    { what: 'UWSGI_PROCESSES=abc', args: async () => ['deploy', EXAMPLE, '--app', 'bad', '--env', 'UWSGI_PROCESSES=abc'], says: /UWSGI_PROCESSES/ },
    { what: 'UWSGI_LISTEN=0', args: async () => ['deploy', EXAMPLE, '--app', 'bad', '--env', 'UWSGI_LISTEN=0'], says: /UWSGI_LISTEN/ },
    { what: 'HOP3_HTTP_PORT=abc', args: async () => ['deploy', EXAMPLE, '--app', 'bad'], env: { HOP3_HTTP_PORT: 'abc' }, says: /HOP3_HTTP_PORT/ },
    { what: 'HOP3_START_TIMEOUT=abc', args: async () => ['deploy', EXAMPLE, '--app', 'bad'], env: { HOP3_START_TIMEOUT: 'abc' }, says: /HOP3_START_TIMEOUT/ },
    { what: 'a hostname another app serves', args: async () => ['deploy', EXAMPLE, '--app', 'bad', '--host', 'SHOP.example.test'], says: /shop\.example\.test is already served by .*owner\.conf/ },
    { what: 'a missing static dir', args: async () => ['deploy', EXAMPLE, '--app', 'bad', '--env', 'NGINX_STATIC_PATHS=/s:nowhere'], says: /"nowhere" for \/s\/ does not exist/ },
    {
      what: 'a static dir that is a symlink out of the app',
      args: async () => ['deploy', await copyExample('escape', (dir) => symlink('/etc', join(dir, 'out'))), '--app', 'bad', '--env', 'NGINX_STATIC_PATHS=/s:out'],
      says: /outside the app's source directory/,
    },
    {
      what: 'a Procfile with only comments',
      args: async () => ['deploy', await copyExample('comments', (dir) => writeFile(join(dir, 'Procfile'), '# wsgi: app:application\n\n')), '--app', 'bad'],
      says: /Procfile:1: has no "kind: command" line/,
    },
    { what: 'two source dirs', args: async () => ['deploy', EXAMPLE, EXAMPLE, '--app', 'bad'], says: /unexpected argument/ },
    {
      what: 'a directory no builder accepts',
      args: async () => {
        const empty = join(work, 'nothing-to-build');
        await mkdir(empty, { recursive: true });
        await writeFile(join(empty, 'notes.txt'), 'no app here\n');
        return ['deploy', empty, '--app', 'bad'];
      },
      says: /Could not find a builder for app "bad" \(source: .*nothing-to-build\)/,
    },
    {
      what: 'a package.json that is not JSON, named at its own path',
      args: async () => {
        const broken = join(work, 'broken-package-json');
        await mkdir(broken, { recursive: true });
        await writeFile(join(broken, 'package.json'), '{{{');
        return ['deploy', broken, '--app', 'bad', '--env', 'X=1'];
      },
      says: /broken-package-json/,
    },
    { what: 'an addon type no plugin provides', args: async () => ['deploy', await copyExample('mysql', (dir) => writeFile(join(dir, 'hop3.toml'), '[[addons]]\ntype = "mysql"\n')), '--app', 'bad'], says: /mysql/ },
  ];

  it.each(cases)('$what', async ({ args, env: extra, says }) => {
    const result = await hop3(await args(), extra);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(says);
    expect(result.stderr).not.toContain('this is a bug');
    expect(await tracesOf('bad')).toEqual([]);
  });

  it('refuses a socket path too long for the HOP3_ROOT, writing nothing for the app', async () => {
    const longRoot = join(work, 'r'.repeat(100 - work.length));
    await mkdir(longRoot, { recursive: true });
    const result = await runHop3(['deploy', EXAMPLE, '--app', 'bad'], { env: { ...env, HOP3_ROOT: longRoot }, cwd: work });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/longer than 102 bytes.*shorter HOP3_ROOT/);
    expect(await entries(join(longRoot, 'apps'))).toEqual([]);
  });

  it('refuses an app name whose socket path uWSGI could not bind (103 bytes), writing nothing for it', async () => {
    const name = 's'.repeat(103 - Buffer.byteLength(join(root, 'run', 'uwsgi', '_wsgi.g1.sock')));
    const result = await hop3(['deploy', EXAMPLE, '--app', name]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/longer than 102 bytes/);
    expect(await tracesOf(name)).toEqual([]);
  });

  it('refuses extra arguments of any command', async () => {
    const result = await hop3(['status', 'owner', 'extra']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unexpected argument "extra"');
  });
});

describe('a first deploy that fails late', () => {
  it('removes what it created, the redis service of its [[addons]] included', async () => {
    const dir = join(work, 'crash');
    await mkdir(dir);
    await writeFile(join(dir, 'app.py'), 'raise RuntimeError("boom at import")\n');
    await writeFile(join(dir, 'requirements.txt'), '');
    await writeFile(join(dir, 'Procfile'), 'wsgi: app:application\n');
    await writeFile(join(dir, 'hop3.toml'), '[[addons]]\ntype = "redis"\n');

    const result = await hop3(['deploy', dir, '--app', 'crash']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('boom at import');
    expect(await tracesOf('crash')).toEqual([]);
    // The logs the error points at are kept outside the removed app, and the error says where.
    const kept = join(root, 'logs', 'failed-deploys', 'crash');
    expect(result.stderr).toContain(`its logs are kept in ${kept}`);
    expect(result.stderr).not.toContain(join(root, 'apps', 'crash', 'log'));
    expect(await readFile(join(kept, 'build.log'), 'utf8')).toContain('build of crash');
    const services = await hop3(['addons', 'list', '--json']);
    expect(services.json<{ services: unknown[] }>().services).toEqual([]);
    expect(processCommandLines().filter((line) => line.includes('redis-server') && line.includes(root))).toEqual([]);
    expect(await entries(join(root, 'addons', 'redis'))).toEqual([]);
  }, 60_000);
});

describe('an interrupted first deploy', () => {
  it('exits 130 on SIGINT while it waits for the app, and leaves nothing behind', async () => {
    // It would wait 10 minutes for the app: only the interrupt can end the test in time.
    const dir = await copyExample('hang', async (app) => {
      await writeFile(join(app, 'app.py'), 'import time\n\ndef application(environ, start_response):\n    time.sleep(3600)\n');
      await writeFile(join(app, 'hop3.toml'), '[run]\nstart-timeout = 600\n');
    });
    const child = spawn(process.execPath, [HOP3_BIN, 'deploy', dir, '--app', 'hang'], { cwd: work, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Its uWSGI runs and the health gate waits (the app never answers).
    await expect.poll(() => appProcessLines(root, 'hang').length, { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
    child.kill('SIGINT');

    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain('was interrupted');
    expect(await tracesOf('hang')).toEqual([]);
    await expect.poll(() => appProcessLines(root, 'hang'), { timeout: 20_000, interval: 250 }).toEqual([]);
    expect((await hop3(['apps', '--json'])).json<{ apps: Array<{ name: string }> }>().apps.map((a) => a.name)).not.toContain('hang');
  }, 90_000);
});

describe('a damaged app.json', () => {
  it('is listed as damaged, named by status, and removed by destroy', async () => {
    const deployed = await hop3(['deploy', EXAMPLE, '--app', 'cut']);
    expect(deployed.code, deployed.stderr).toBe(0);
    const state = join(root, 'apps', 'cut', 'app.json');
    await truncate(state, 40);

    const apps = await hop3(['apps', '--json']);
    expect(apps.code).toBe(0);
    expect(apps.json<{ apps: unknown[] }>().apps).toContainEqual(expect.objectContaining({ name: 'cut', state: 'damaged', stateFile: state }));

    const status = await hop3(['status', 'cut', '--json']);
    expect(status.code).not.toBe(0);
    expect(status.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'HOP3_STATE_CORRUPT', message: expect.stringContaining(state) });
    expect(status.stderr).toContain('hop3 destroy cut --yes');
    expect(status.stderr).not.toMatch(/Unexpected end of JSON|this is a bug/);

    const destroyed = await hop3(['destroy', 'cut', '--yes']);
    expect(destroyed.code, destroyed.stderr).toBe(0);
    expect((await tracesOf('cut')).filter((trace) => trace !== 'apps/cut')).toEqual([]);
    expect(await entries(join(root, 'apps', 'cut'))).toEqual(['data']);
    expect(appProcessLines(root, 'cut')).toEqual([]);
    expect((await hop3(['apps', '--json'])).json<{ apps: Array<{ name: string }> }>().apps.map((a) => a.name)).toEqual(['owner']);
  }, 60_000);
});
