import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENDING_BACKEND, createLayout, type App, type StrategyRuntime } from '@hop3/core';
import { silentLogger } from '@hop3/kit';
import { NginxErrorCodes } from './errors.js';
import { NginxProxy } from './nginx-proxy.js';
import { resolveNginxServer, siteConfigPath } from './server.js';
import { resolveStaticMappings } from './static-paths.js';
import { assertHostnamesFree, serverNamesIn } from './taken-hostnames.js';

let base: string;
let runtime: StrategyRuntime;
let src: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'hop3-preflight-')));
  runtime = { layout: createLayout(join(base, 'root')), env: {}, log: silentLogger };
  src = join(base, 'src');
  await mkdir(join(src, 'public'), { recursive: true });
  await mkdir(join(base, 'outside'), { recursive: true });
  await symlink(join(base, 'outside'), join(src, 'escape'));
  const server = resolveNginxServer(runtime);
  await mkdir(server.sitesDir, { recursive: true });
  await writeFile(siteConfigPath(server, 'shop'), 'server {\n    # server_name commented.example.com;\n    server_name Shop.Example.com www.shop.example.com;\n}\n');
  await writeFile(siteConfigPath(server, 'blog'), 'server { server_name blog.example.com; }\n');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function proxyFor(app: Partial<App> & { name: string }, env: Record<string, string> = {}, staticMap?: Record<string, string>): NginxProxy {
  const full = {
    paths: { root: base, src, venv: join(base, 'venv'), log: join(base, 'log'), data: join(base, 'data') },
    port: null,
    hostnames: [],
    env,
    runtime: null,
    builder: null,
    state: 'new',
    scaling: {},
    createdAt: new Date(0).toISOString(),
    ...app,
  } as App;
  return new NginxProxy({ app: full, env, workers: {}, backend: PENDING_BACKEND, ...(staticMap ? { static: staticMap } : {}) }, runtime);
}

describe('serverNamesIn', () => {
  it('reads the names of every server_name directive, lowercased, ignoring comments, _ and regexes', () => {
    expect(serverNamesIn('server_name a.test B.test;\n# server_name c.test;\nserver_name _ ~^x ""; server_name d.test;')).toEqual(['a.test', 'b.test', 'd.test']);
  });
});

describe('assertHostnamesFree', () => {
  const server = () => resolveNginxServer(runtime);

  it('refuses a hostname another app serves, naming it and the file', async () => {
    const error = await assertHostnamesFree(server(), 'new-app', ['shop.example.com', 'free.example.com']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: NginxErrorCodes.hostnameTaken });
    expect((error as Error).message).toContain(`shop.example.com is already served by ${siteConfigPath(server(), 'shop')}`);
    expect((error as Error).message).not.toContain('free.example.com');
  });

  it("ignores the app's own file and free names", async () => {
    await expect(assertHostnamesFree(server(), 'blog', ['blog.example.com'])).resolves.toBeUndefined();
    await expect(assertHostnamesFree(server(), 'x', ['commented.example.com', 'x.localhost'])).resolves.toBeUndefined();
  });
});

describe('NginxProxy.preflight', () => {
  it('refuses a taken hostname, a bad setting and a static dir that escapes the app, writing nothing', async () => {
    await expect(proxyFor({ name: 'new-app', hostnames: ['www.shop.example.com'] }).preflight({ buildMayCreateFiles: false })).rejects.toMatchObject({ code: NginxErrorCodes.hostnameTaken });
    await expect(proxyFor({ name: 'new-app' }, { NGINX_HTTPS_ONLY: 'maybe' }).preflight({ buildMayCreateFiles: false })).rejects.toMatchObject({ code: NginxErrorCodes.invalidSetting });
    await expect(proxyFor({ name: 'new-app' }, {}, { '/s': 'escape' }).preflight({ buildMayCreateFiles: true })).rejects.toMatchObject({ code: NginxErrorCodes.invalidStaticPath });
    await expect(proxyFor({ name: 'new-app' }, {}, { '/s': 'public' }).preflight({ buildMayCreateFiles: false })).resolves.toBeUndefined();
  });

  it('refuses a missing static dir unless the build may still create it', async () => {
    await expect(proxyFor({ name: 'new-app' }, {}, { '/s': 'dist' }).preflight({ buildMayCreateFiles: false })).rejects.toThrow(/does not exist/);
    await expect(proxyFor({ name: 'new-app' }, {}, { '/s': 'dist' }).preflight({ buildMayCreateFiles: true })).resolves.toBeUndefined();
  });

  it('refuses a bad HOP3_HTTP_PORT when the proxy is created', () => {
    expect(() => new NginxProxy({ app: proxyFor({ name: 'a' }).app, env: {}, workers: {}, backend: PENDING_BACKEND }, { ...runtime, env: { HOP3_HTTP_PORT: 'abc' } })).toThrow(/HOP3_HTTP_PORT/);
  });
});

describe('resolveStaticMappings allowMissing', () => {
  it('skips only missing directories', async () => {
    const mappings = await resolveStaticMappings({ declared: { '/a': 'public', '/b': 'not-yet' } }, { srcDir: src, allowOutsideApp: false, allowMissing: true });
    expect(mappings.map((m) => m.urlPrefix)).toEqual(['/a/']);
  });
});
