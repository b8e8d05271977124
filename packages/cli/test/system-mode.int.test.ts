// End to end in system mode (HOP3_SERVICES=system), as on a provisioned server: `hop3 setup`
// writes the system nginx include (/etc/nginx/conf.d/hop3.conf) and the service user, `hop3
// server start` starts the system nginx on port 80 and the uWSGI emperor (no systemd here),
// apps are reached by Host on 127.0.0.1:80. This is the ONE test file that uses ports 80/443
// and /etc/nginx: it fails (never skips) if they are taken, and at the end stops what it
// started and removes every system file it wrote, leaving the machine as it found it.
import { execFileSync } from 'node:child_process';
import { chmod, cp, lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortOpen, waitForPortClosed } from '@hop3/kit';
import { httpGet } from './support/http-get.js';
import { requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));
const INCLUDE = '/etc/nginx/conf.d/hop3.conf';
const DEFAULT_SITE = '/etc/nginx/sites-enabled/default';

let base: string;
let root: string;
let work: string;
let user: string;
let env: Record<string, string>;
/** Where Debian's default site link pointed before the test (null: there was none). */
let defaultSiteTarget: string | null = null;
let setupRan = false;

const hop3 = (...args: string[]) => runHop3(args, { env, cwd: work });
const get = (host: string, path = '/') => httpGet(80, host, path);

async function copyExample(name: string, text: string): Promise<string> {
  const dir = join(work, name);
  await cp(EXAMPLE, dir, { recursive: true });
  const source = await readFile(join(dir, 'app.py'), 'utf8');
  await writeFile(join(dir, 'app.py'), source.replace('Hello from Hop3!', text));
  return dir;
}

interface ServiceLine {
  name: string;
  running: boolean;
  pid: number | null;
  answers?: boolean;
  includesSites?: boolean | null;
  supervisor?: number | null;
  mode?: string;
}
const services = async (action: 'start' | 'stop' | 'status') => {
  const result = await hop3('server', action, '--json');
  expect(result.code, result.stderr).toBe(0);
  return result.json<{ services: ServiceLine[] }>().services;
};

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3', 'openssl', 'useradd', 'userdel');
  if (process.getuid?.() !== 0) throw new Error('the system-mode test runs as root: it writes /etc/nginx/conf.d and starts the system nginx on port 80');
  for (const port of [80, 443]) {
    if (await isPortOpen(port)) throw new Error(`port ${port} is taken: this test owns ports 80/443 on this machine (stop what listens there: ss -ltnp)`);
  }
  if (existsSync(INCLUDE)) throw new Error(`${INCLUDE} exists (left by an interrupted run?): remove it, then run the test again`);
  defaultSiteTarget = await readlink(DEFAULT_SITE).catch(() => null);

  base = await mkdtemp(join(tmpdir(), 'hop3-system-'));
  await chmod(base, 0o755); // nginx's www-data workers pass through to HOP3_ROOT (0750, group www-data)
  root = join(base, 'root');
  work = join(base, 'work');
  await mkdir(work);
  user = `h3sys${randomBytes(4).toString('hex')}`;
  env = {
    HOP3_ROOT: root,
    HOP3_SERVICES: 'system',
    HOP3_USER: user,
    HOP3_DISCOVER: '0',
    HOP3_START_TIMEOUT: '30',
    PIP_CONFIG_FILE: '/dev/null',
    PIP_NO_INDEX: '1',
  };
});

afterAll(async () => {
  if (env) {
    for (const app of ['alpha', 'beta']) await hop3('destroy', app, '--yes').catch(() => undefined);
    await hop3('server', 'stop').catch(() => undefined);
  }
  await waitForPortClosed(80, { timeoutMs: 15_000 }).catch(() => undefined);
  if (setupRan) {
    await rm(INCLUDE, { force: true });
    if (defaultSiteTarget !== null && !(await lstat(DEFAULT_SITE).catch(() => null))) await symlink(defaultSiteTarget, DEFAULT_SITE);
    try {
      execFileSync('userdel', [user], { stdio: 'ignore' });
    } catch {
      // never created
    }
  }
  if (base) await rm(base, { recursive: true, force: true });
  // The machine as found: nothing of ours on port 80, in /etc/nginx or in /etc/passwd.
  expect(await isPortOpen(80)).toBe(false);
  expect(existsSync(INCLUDE)).toBe(false);
  if (defaultSiteTarget !== null) expect(await readlink(DEFAULT_SITE)).toBe(defaultSiteTarget);
});

describe('system mode: the system nginx on port 80 and a uWSGI emperor started by hop3', () => {
  it('setup --dry-run shows every system file and service, and changes nothing', async () => {
    const result = await hop3('setup', '--dry-run', '--only', 'nginx,uwsgi,python');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`file    create    ${INCLUDE}`);
    if (defaultSiteTarget !== null) expect(result.stdout).toContain(`file    remove    ${DEFAULT_SITE}`);
    expect(result.stdout).toContain('service not-running nginx — start it with "hop3 server start"');
    expect(result.stdout).toContain('uwsgi emperor');
    expect(result.stdout).toContain('Dry run: nothing was changed.');
    expect(existsSync(INCLUDE)).toBe(false);
    expect(existsSync(root)).toBe(false);
  });

  it('setup writes the include and the service user; a second setup changes nothing and says so', async () => {
    setupRan = true;
    const first = await hop3('setup', '--only', 'nginx,uwsgi,python', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json<{ result: { changed: boolean } }>().result.changed).toBe(true);
    expect(await readFile(INCLUDE, 'utf8')).toContain(`include ${root}/nginx/sites/*.conf;`);
    expect(await lstat(DEFAULT_SITE).catch(() => null)).toBeNull();
    const includeBefore = await readFile(INCLUDE, 'utf8');

    const second = await hop3('setup', '--only', 'nginx,uwsgi,python');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('file    unchanged');
    expect(second.stdout).toContain('Server ready: it was already set up, nothing was changed.');
    expect(await readFile(INCLUDE, 'utf8')).toBe(includeBefore);
  });

  it('server start starts the system nginx and the emperor; status is measured; unknown hosts get a 404', async () => {
    const started = await services('start');
    expect(started.find((s) => s.name === 'nginx')).toMatchObject({ running: true, answers: true, includesSites: true, mode: 'system' });
    expect(started.find((s) => s.name === 'uwsgi')).toMatchObject({ running: true, mode: 'system' });
    const status = await services('status');
    expect(status.find((s) => s.name === 'nginx')?.pid).toBe(started.find((s) => s.name === 'nginx')?.pid);
    const unknown = await get('nobody.example.test');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('No app is served under this hostname');
    expect((await services('start')).find((s) => s.name === 'nginx')?.pid).toBe(status.find((s) => s.name === 'nginx')?.pid); // idempotent
  });

  it('two apps are reached on port 80 by their hostnames', async () => {
    const alpha = await hop3('deploy', await copyExample('alpha', 'Hello from alpha!'), '--app', 'alpha', '--host', 'alpha.example.test', '--json');
    expect(alpha.code, alpha.stderr).toBe(0);
    expect(alpha.json<{ url: string }>().url).toBe('http://alpha.example.test/');
    const beta = await hop3('deploy', await copyExample('beta', 'Hello from beta!'), '--app', 'beta', '--host', 'beta.example.test,www.beta.example.test');
    expect(beta.code, beta.stderr).toBe(0);

    expect((await get('alpha.example.test')).body).toContain('Hello from alpha!');
    expect((await get('beta.example.test')).body).toContain('Hello from beta!');
    expect((await get('www.beta.example.test')).body).toContain('Hello from beta!');
    expect((await get('alpha.example.test', '/static/style.css')).status).toBe(200); // nginx's www-data workers read the app's files
    expect((await get('nobody.example.test')).status).toBe(404);
    // ACME's HTTP-01 challenges are answered by the system nginx (workers as www-data) on port 80.
    await writeFile(join(root, 'acme-challenges', 'system-mode-token'), 'token.thumbprint');
    const challenge = await get('beta.example.test', '/.well-known/acme-challenge/system-mode-token');
    expect([challenge.status, challenge.body]).toEqual([200, 'token.thumbprint']);
    // The apps run as the service user, not as root.
    const owners = execFileSync('ps', ['-eo', 'user:32,args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('/alpha:wsgi:'));
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((line) => line.startsWith(user))).toBe(true);
  });

  it('a config nginx -t refuses is rolled back and both apps keep serving', async () => {
    const siteFile = join(root, 'nginx', 'sites', 'beta.conf');
    const before = await readFile(siteFile, 'utf8');
    // A file someone else put in nginx's configuration is broken: hop3's own input is valid, and
    // only nginx -t, run on the whole system configuration, sees the problem.
    const foreign = join(root, 'nginx', 'sites', 'zz-foreign.conf');
    await writeFile(foreign, 'hop3_test_unknown_directive on;\n');
    const broken = await hop3('deploy', join(work, 'beta'), '--app', 'beta', '--host', 'beta.example.test', '--env', 'NGINX_CLIENT_MAX_BODY_SIZE=5m');
    await rm(foreign, { force: true });
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain('unknown directive "hop3_test_unknown_directive"');
    expect(broken.stderr).toContain('broken independently of app "beta"');
    expect(broken.stderr).toContain('"beta"');
    expect(await readFile(siteFile, 'utf8')).toBe(before);
    expect((await get('alpha.example.test')).body).toContain('Hello from alpha!');
    expect((await get('beta.example.test')).body).toContain('Hello from beta!');
  });

  it('redeploys under a steady request loop with zero failed requests (graceful reloads)', async () => {
    const v2 = await copyExample('alpha-v2', 'Hello again from alpha!');
    let stop = false;
    let requests = 0;
    const failures: string[] = [];
    const loop = (async () => {
      const deadline = Date.now() + 120_000;
      while (!stop && Date.now() < deadline) {
        requests += 1;
        try {
          const answer = await get('alpha.example.test');
          if (answer.status !== 200) failures.push(`status ${answer.status}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const result = await hop3('deploy', v2, '--app', 'alpha', '--host', 'alpha.example.test,alpha2.example.test');
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await loop;
    expect(result.code, result.stderr).toBe(0);
    expect(requests).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    expect((await get('alpha.example.test')).body).toContain('Hello again from alpha!');
    expect((await get('alpha2.example.test')).body).toContain('Hello again from alpha!'); // the new hostname: nginx reloaded
    expect((await get('beta.example.test')).body).toContain('Hello from beta!');
  });

  it('the emperor is supervised: killed, it comes back by itself and the apps with it', async () => {
    const before = (await services('status')).find((s) => s.name === 'uwsgi');
    expect(before).toMatchObject({ running: true, supervisor: expect.any(Number) });
    process.kill(before?.pid as number, 'SIGKILL');
    await expect
      .poll(async () => (await services('status')).find((s) => s.name === 'uwsgi')?.pid, { timeout: 30_000, interval: 250 })
      .not.toBe(before?.pid);
    await expect.poll(async () => (await get('alpha.example.test').catch(() => ({ status: 0, body: '' }))).body, { timeout: 60_000, interval: 500 }).toContain('Hello again from alpha!');
    await expect.poll(async () => (await get('beta.example.test').catch(() => ({ status: 0, body: '' }))).body, { timeout: 60_000, interval: 500 }).toContain('Hello from beta!');
  });

  it('server stop stops the nginx and the emperor hop3 started, measured', async () => {
    for (const app of ['alpha', 'beta']) expect((await hop3('destroy', app, '--yes')).code).toBe(0);
    const stopped = await services('stop');
    expect(stopped.find((s) => s.name === 'nginx')).toMatchObject({ running: false, answers: false });
    expect(stopped.find((s) => s.name === 'uwsgi')).toMatchObject({ running: false });
    expect(await isPortOpen(80)).toBe(false);
  });
});
