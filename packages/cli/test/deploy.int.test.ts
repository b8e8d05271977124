// End to end: the built `hop3` binary deploys the example app on a real uWSGI emperor and a
// real nginx, both private to this test (own HOP3_ROOT, loopback ports), and stopped at the end.
import { cp, readdir, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from './support/http-get.js';
import { appProcessLines, requirePrograms } from './support/programs.js';
import { runHop3 } from './support/hop3-runner.js';
import { createPrivateHop3, type PrivateHop3 } from './support/private-hop3.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-wsgi', import.meta.url));

let private_: PrivateHop3;
let root: string;
let work: string;
let env: Record<string, string>;
let httpPort: number;

const hop3 = (...args: string[]) => runHop3(args, { env, cwd: work });
const get = (path = '/', host = 'demo.localhost') => httpGet(httpPort, host, path);

function appWorkers(app: string): string[] {
  return appProcessLines(root, app).filter((line) => !line.includes('master'));
}

async function copyExample(name: string, change?: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(work, name);
  await cp(EXAMPLE, dir, { recursive: true });
  await change?.(dir);
  return dir;
}

beforeAll(async () => {
  requirePrograms('nginx', 'uwsgi', 'python3', 'openssl');
  private_ = await createPrivateHop3({ name: 'e2e', startTimeout: 15 });
  ({ root, work, env, httpPort } = private_);
});

afterAll(() => private_?.close());

describe('hop3 deploy (real nginx and uWSGI)', () => {
  it('deploys the example and serves it through nginx', async () => {
    const result = await hop3('deploy', EXAMPLE, '--app', 'demo', '--json');
    expect(result.code, result.stderr).toBe(0);
    const deployed = result.json<{ app: string; url: string; builder: string; deployer: string; artifact: { kind: string } }>();
    expect(deployed).toMatchObject({ app: 'demo', builder: 'python', deployer: 'uwsgi', artifact: { kind: 'virtualenv' } });
    expect(deployed.url).toBe(`http://demo.localhost:${httpPort}/`);

    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Hello from Hop3!');

    const apps = (await hop3('apps', '--json')).json<{ apps: { name: string; state: string; url: string }[] }>();
    expect(apps.apps).toEqual([expect.objectContaining({ name: 'demo', state: 'running', url: deployed.url })]);
    const logs = (await hop3('logs', 'demo', '--json')).json<{ logs: Record<string, string[]> }>();
    expect(Object.keys(logs.logs)).toEqual(expect.arrayContaining(['build.log']));
    expect(Object.keys(logs.logs).some((file) => file.startsWith('wsgi'))).toBe(true);
  });

  it('serves static files and refuses to leave the static dir', async () => {
    const css = await get('/static/style.css');
    expect(css.status).toBe(200);
    expect(css.body).toContain('font-family');
    for (const path of ['/static/../app.py', '/static/..%2fapp.py', '/static/%2e%2e/app.py', '/.git/config']) {
      const answer = await get(path);
      expect(answer.body, path).not.toContain('def application');
      expect(answer.status, path).not.toBe(200);
    }
  });

  it('scales web to 2 worker processes', async () => {
    const result = await hop3('scale', 'demo', 'web=2', '--json');
    expect(result.code, result.stderr).toBe(0);
    await expect.poll(() => appWorkers('demo').length, { timeout: 20_000, interval: 250 }).toBe(2);
    expect((await get('/')).status).toBe(200);
  });

  it('refuses bad scale requests clearly', async () => {
    const unknown = await hop3('scale', 'demo', 'nosuchkind=1');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/nosuchkind/);
    const negative = await hop3('scale', 'demo', 'web=-5');
    expect(negative.code).not.toBe(0);
  });

  it('says unreachable, and how to fix it, while nginx is down; running once it is back', async () => {
    const running = (await hop3('status', 'demo', '--json')).json<{ status: string; proxyProbe: { ok: boolean } }>();
    expect(running).toMatchObject({ status: 'running', proxyProbe: { ok: true } });
    const pid = Number((await readFile(join(root, 'nginx', 'nginx.pid'), 'utf8')).trim());
    process.kill(pid, 'SIGTERM');
    await expect.poll(async () => (await get('/').catch(() => ({ status: 0 }))).status, { timeout: 10_000, interval: 100 }).toBe(0);

    const down = await hop3('status', 'demo');
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/^demo: unreachable /);
    expect(down.stdout).toMatch(/proxy: nginx does not answer on .*ECONNREFUSED.*Run "hop3 server start"/);

    expect((await hop3('server', 'start')).code).toBe(0);
    expect((await get('/')).status).toBe(200);
    expect((await hop3('status', 'demo', '--json')).json<{ status: string }>().status).toBe('running');
  });

  it('stops (nginx answers 502/503), starts and restarts', async () => {
    expect((await hop3('stop', 'demo')).code).toBe(0);
    expect((await hop3('stop', 'demo')).code).toBe(0); // idempotent
    await expect.poll(() => appWorkers('demo').length, { timeout: 20_000, interval: 250 }).toBe(0);
    expect([502, 503]).toContain((await get('/')).status);
    const status = (await hop3('status', 'demo', '--json')).json<{ running: boolean }>();
    expect(status.running).toBe(false);

    expect((await hop3('start', 'demo')).code).toBe(0);
    await expect.poll(async () => (await get('/').catch(() => ({ status: 0 }))).status, { timeout: 30_000, interval: 250 }).toBe(200);
    expect((await hop3('restart', 'demo')).code).toBe(0);
    await expect.poll(async () => (await get('/').catch(() => ({ status: 0 }))).status, { timeout: 30_000, interval: 250 }).toBe(200);
  });

  it('redeploys under a steady request loop with zero failed requests', async () => {
    const v2 = await copyExample('v2', async (dir) => {
      const source = await readFile(join(dir, 'app.py'), 'utf8');
      await writeFile(join(dir, 'app.py'), source.replace('Hello from Hop3!', 'Hello again from Hop3!'));
    });
    let stop = false;
    const failures: string[] = [];
    let requests = 0;
    const loop = (async () => {
      const deadline = Date.now() + 120_000;
      while (!stop && Date.now() < deadline) {
        requests += 1;
        try {
          const answer = await get('/');
          if (answer.status !== 200) failures.push(`status ${answer.status}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const result = await hop3('deploy', v2, '--app', 'demo', '--json');
    await new Promise((r) => setTimeout(r, 1500)); // keep hitting the new version for a moment
    stop = true;
    await loop;
    expect(result.code, result.stderr).toBe(0);
    expect(requests).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    expect((await get('/')).body).toContain('Hello again from Hop3!');
  });

  it('keeps the old version serving when the new one cannot start', async () => {
    const broken = await copyExample('broken', async (dir) => {
      await writeFile(join(dir, 'app.py'), 'raise ImportError("this release is broken")\n');
    });
    const result = await hop3('deploy', broken, '--app', 'demo');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/did not answer|broken/);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Hello again from Hop3!');

    // A web command that exits at once: its own output is in the error, and the status measured
    // right after the failed deploy is the serving version's, not the rolled-back one's.
    const exits = await copyExample('exits', (dir) => writeFile(join(dir, 'Procfile'), 'web: sh -c "echo boom-at-start; exit 3"\n'));
    const failed = await hop3('deploy', exits, '--app', 'demo');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('boom-at-start');
    expect((await hop3('status', 'demo', '--json')).json<{ status: string }>().status).toBe('running');
    expect((await get('/')).status).toBe(200);
  });

  it('rolls back a broken nginx setting of app B while app A keeps answering', async () => {
    const ok = await hop3('deploy', EXAMPLE, '--app', 'other');
    expect(ok.code, ok.stderr).toBe(0);
    const broken = await hop3('config', 'set', 'other', 'NGINX_CLIENT_MAX_BODY_SIZE=99999999999999999999999g');
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/other/);
    expect((await get('/')).status).toBe(200);
    expect((await get('/', 'other.localhost')).status).toBe(200);
  });

  it('balances a scaled `web` worker over its new processes', async () => {
    const web = join(work, 'webby');
    await cp(EXAMPLE, web, { recursive: true });
    await writeFile(join(web, 'Procfile'), 'web: python3 -m http.server $PORT --bind 127.0.0.1\n');
    await writeFile(join(web, 'hop3.toml'), '[healthcheck]\npath = "/"\n');
    const deployed = await hop3('deploy', web, '--app', 'webby');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect((await get('/app.py', 'webby.localhost')).status).toBe(200);
    const scaled = await hop3('scale', 'webby', 'web=2', '--json');
    expect(scaled.code, scaled.stderr).toBe(0);
    const site = await readFile(join(root, 'nginx', 'sites', 'webby.conf'), 'utf8');
    expect(site.match(/server 127\.0\.0\.1:\d+/g)?.length).toBe(2);
    for (let i = 0; i < 6; i += 1) expect((await get('/app.py', 'webby.localhost')).status).toBe(200);
    expect((await hop3('destroy', 'webby', '--yes')).code).toBe(0);
  });

  it('refuses bad input and writes nothing', async () => {
    const before = await readdir(join(root, 'apps'));
    for (const args of [
      ['deploy', EXAMPLE, '--app', '../x'],
      ['deploy', EXAMPLE, '--app', 'a;b'],
      ['deploy', EXAMPLE, '--app', 'UPPER'],
      ['deploy', EXAMPLE, '--app', 'a'.repeat(100)],
      ['deploy', EXAMPLE, '--app', 'fine', '--host', 'has space.com'],
      ['deploy', EXAMPLE, '--app', 'fine', '--host', 'a{b}.com'],
      ['deploy', join(work, 'missing-dir'), '--app', 'fine'],
    ]) {
      const result = await hop3(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.length).toBeGreaterThan(10);
    }
    const malformed = await copyExample('malformed', async (dir) => writeFile(join(dir, 'Procfile'), 'wsgi app:application\n'));
    const result = await hop3('deploy', malformed, '--app', 'fine');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Procfile:1/);
    expect(await readdir(join(root, 'apps'))).toEqual(before);

    // config set: the strategies refuse what they could not use before anything changes.
    const uwsgiBefore = await readdir(join(root, 'uwsgi', 'enabled'));
    for (const assignment of ['NGINX_CLIENT_MAX_BODY_SIZE=99999999999999999999g', 'UWSGI_PROCESSES=abc', 'X=a$(id)']) {
      const refused = await hop3('config', 'set', 'demo', assignment);
      expect(refused.code, `${assignment}: ${refused.stderr}`).toBe(2);
    }
    expect(await readdir(join(root, 'uwsgi', 'enabled'))).toEqual(uwsgiBefore);
    expect((await hop3('config', 'show', 'demo', '--json')).json<{ env: Record<string, string> }>().env).not.toHaveProperty('UWSGI_PROCESSES');
  });

  it('destroys an app completely (twice), keeping only its data dir', async () => {
    // Without --yes: an unknown app is said first; a known one asks for the confirmation.
    const unknown = await hop3('destroy', 'nosuch', '--json');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error.code).toBe('HOP3_APP_NOT_FOUND');
    const unconfirmed = await hop3('destroy', 'demo', '--json');
    expect(unconfirmed.code).toBe(2);
    expect(JSON.parse(unconfirmed.stdout).error.code).toBe('HOP3_NOT_CONFIRMED');
    expect((await hop3('destroy', 'demo', '--yes')).code).toBe(0);
    await expect.poll(() => appWorkers('demo').length, { timeout: 20_000, interval: 250 }).toBe(0);
    const leftovers = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((f) => f.startsWith('demo'));
    expect(await leftovers(join(root, 'uwsgi', 'enabled'))).toEqual([]);
    expect(await leftovers(join(root, 'uwsgi', 'available'))).toEqual([]);
    expect(await leftovers(join(root, 'nginx', 'sites'))).toEqual([]);
    expect(await readdir(join(root, 'apps', 'demo'))).toEqual(['data']);
    expect((await get('/')).status).not.toBe(200);
    const again = await hop3('destroy', 'demo', '--yes');
    expect(again.code).not.toBe(0); // no such app any more
    expect(again.stderr).toContain('No app named "demo"');
  });
});
