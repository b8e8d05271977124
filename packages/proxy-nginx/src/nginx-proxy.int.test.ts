import { existsSync } from 'node:fs';
import * as http from 'node:http';
import { mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode, type App } from '@hop3/core';
import { findFreePort, isPortOpen, runCommand } from '@hop3/kit';
import { NginxErrorCodes } from './errors.js';
import { nginxService } from './service.js';
import { reloadEmbedded } from './embedded-nginx.js';
import { resolveNginxServer } from './server.js';
import { createTestApp, createTestRuntime, get, makeProxy, startEchoBackend, stopNginxForSure, upgrade } from './test-support/harness.js';
import { startUwsgi } from './test-support/uwsgi.js';
import { failure, requirePrograms } from '@hop3/testkit';

type Runtime = Awaited<ReturnType<typeof createTestRuntime>>;

let runtime: Runtime;
let backend: Awaited<ReturnType<typeof startEchoBackend>>;
let uwsgi: Awaited<ReturnType<typeof startUwsgi>> | undefined;
let web: App;

const SECRET = 'TOP-SECRET-CONTENT';


function peerCertificate(port: number, servername: string): Promise<tls.PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on('error', reject);
  });
}

async function peerAltNames(port: number, servername: string): Promise<string> {
  return (await peerCertificate(port, servername)).subjectaltname ?? '';
}

beforeAll(async () => {
  requirePrograms(['nginx', 'uwsgi', 'openssl'], 'apt-get install nginx uwsgi uwsgi-plugin-python3 openssl');
  runtime = await createTestRuntime();
  backend = await startEchoBackend();
  web = await createTestApp(runtime, 'web', { hostnames: ['web.localhost', 'www.web.test'] });
  const src = web.paths.src;
  await mkdir(join(src, 'public', '.git'), { recursive: true });
  await writeFile(join(src, 'public', 'hello.txt'), 'hello from static\n');
  await writeFile(join(src, 'public', '.git', 'config'), '[core]\n');
  await writeFile(join(src, 'secret.txt'), `${SECRET}\n`);
  await writeFile(join(runtime.root, 'outside.txt'), `${SECRET}\n`);
  await symlink(join(runtime.root, 'outside.txt'), join(src, 'public', 'leak.txt'));
  await mkdir(join(src, '.git'), { recursive: true });
  await writeFile(join(src, '.git', 'HEAD'), 'ref: refs/heads/main\n');
});

afterAll(async () => {
  if (runtime) await stopNginxForSure(runtime);
  await uwsgi?.stop();
  await backend?.close();
  await runtime?.cleanup();
});

const webEnv = { NGINX_STATIC_PATHS: '/static:public' };
const httpBackend = () => ({ protocol: 'http' as const, address: '127.0.0.1', port: backend.port });

describe('NginxProxy with a real embedded nginx', () => {
  it('proxies an http backend with the app Host and X-Forwarded-* headers', async () => {
    await makeProxy(runtime, web, httpBackend(), { env: webEnv }).setup();
    const answer = await get(runtime.httpPort, 'web.localhost', '/hello?x=1');
    expect(answer.status).toBe(200);
    const seen = JSON.parse(answer.body) as { from: string; url: string; headers: Record<string, string> };
    expect(seen.from).toBe('node-backend');
    expect(seen.url).toBe('/hello?x=1');
    expect(seen.headers.host).toBe('web.localhost');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-real-ip']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-port']).toBe(String(runtime.httpPort));
    expect(seen.headers['x-request-start']).toMatch(/^t=\d+\.\d{3}$/);
    expect(answer.headers['x-deployed-by']).toBe('Hop3');
    // Every hostname is served; unknown hosts are not given this app.
    expect((await get(runtime.httpPort, 'www.web.test', '/')).status).toBe(200);
    expect((await get(runtime.httpPort, 'unknown.localhost', '/')).status).toBe(404);
  });

  it('sends requests to a server again as soon as it is back: none is marked down after a restart', async () => {
    // A rolling restart of two web processes: first one is down, then it is back and the other goes.
    const listen = async (port: number): Promise<http.Server> => {
      const server = http.createServer((_request, response) => response.end(`from ${port}`));
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      return server;
    };
    const close = (server: http.Server): Promise<void> => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    const [first, second] = [await findFreePort(), await findFreePort()];
    const secondServer = await listen(second);
    const pair = await createTestApp(runtime, 'pair', { hostnames: ['pair.localhost'] });
    await makeProxy(runtime, pair, { protocol: 'http', address: '127.0.0.1', port: first, upstreams: [{ address: '127.0.0.1', port: second }] }).setup();
    for (let i = 0; i < 4; i += 1) expect((await get(runtime.httpPort, 'pair.localhost', '/')).body).toBe(`from ${second}`);
    const firstServer = await listen(first);
    await close(secondServer);
    // With nginx's default max_fails=1 the first server would still be "down" for 10 s: 502.
    for (let i = 0; i < 4; i += 1) expect((await get(runtime.httpPort, 'pair.localhost', '/')).body).toBe(`from ${first}`);
    await close(firstServer);
    await makeProxy(runtime, pair, httpBackend()).remove?.();
  });

  it('passes WebSocket upgrades through', async () => {
    expect(await upgrade(runtime.httpPort, 'web.localhost', '/socket')).toBe(101);
  });

  it('runs nginx as the configured private instance with its files under HOP3_ROOT', async () => {
    const main = await readFile(join(runtime.root, 'nginx', 'nginx.conf'), 'utf8');
    expect(main).toContain(`pid "${join(runtime.root, 'nginx', 'nginx.pid')}"`);
    expect(main).toContain(`include "${join(runtime.root, 'nginx', 'sites')}/*.conf"`);
    expect(main).toContain('user root');
    const status = await nginxService.status(runtime);
    expect(status.running).toBe(true);
    expect(status.pid).toBe(Number((await readFile(join(runtime.root, 'nginx', 'nginx.pid'), 'utf8')).trim()));
  });

  it('serves static files through an alias mapping and refuses escapes', async () => {
    const file = await get(runtime.httpPort, 'web.localhost', '/static/hello.txt');
    expect(file.status).toBe(200);
    expect(file.body).toBe('hello from static\n');
    // `..` is normalised by nginx: it leaves /static/ and never reaches the file system there.
    for (const path of ['/static/../secret.txt', '/static/%2e%2e/secret.txt']) {
      const escape = await get(runtime.httpPort, 'web.localhost', path);
      expect(escape.body).not.toContain(SECRET);
      expect(JSON.parse(escape.body).from).toBe('node-backend');
    }
    // A symlink inside the mapped directory that points outside the app is refused
    // (disable_symlinks: try_files finds no servable file, so 404).
    const leak = await get(runtime.httpPort, 'web.localhost', '/static/leak.txt');
    expect(leak.status).toBe(404);
    expect(leak.body).not.toContain(SECRET);
  });

  it('denies .git and other dotfiles (static and proxied)', async () => {
    const staticGit = await get(runtime.httpPort, 'web.localhost', '/static/.git/config');
    expect(staticGit.status).toBe(403);
    const proxiedGit = await get(runtime.httpPort, 'web.localhost', '/.git/HEAD');
    expect(proxiedGit.status).toBe(403);
    const env = await get(runtime.httpPort, 'web.localhost', '/.env');
    expect(env.status).toBe(403);
    const wellKnown = await get(runtime.httpPort, 'web.localhost', '/.well-known/security.txt');
    expect(wellKnown.status).toBe(200);
  });

  it('serves a root static mapping (static worker) first and falls back to the app', async () => {
    const app = await createTestApp(runtime, 'site');
    await mkdir(join(app.paths.src, 'public', 'docs'), { recursive: true });
    await writeFile(join(app.paths.src, 'public', 'robots.txt'), 'User-agent: *\n');
    await writeFile(join(app.paths.src, 'public', 'docs', 'index.html'), '<h1>docs</h1>\n');
    await writeFile(join(app.paths.src, 'public', 'about.html'), '<h1>about</h1>\n');
    await makeProxy(runtime, app, httpBackend(), { workers: { web: 'serve', static: 'public' } }).setup();
    expect((await get(runtime.httpPort, 'site.localhost', '/robots.txt')).body).toBe('User-agent: *\n');
    expect((await get(runtime.httpPort, 'site.localhost', '/docs/')).body).toBe('<h1>docs</h1>\n');
    expect((await get(runtime.httpPort, 'site.localhost', '/about')).body).toBe('<h1>about</h1>\n');
    // No file, and a directory without index.html: both go to the app.
    expect(JSON.parse((await get(runtime.httpPort, 'site.localhost', '/api/x')).body).from).toBe('node-backend');
    expect(JSON.parse((await get(runtime.httpPort, 'site.localhost', '/')).body).url).toBe('/');
  });

  it('serves a static-only app from its mappings', async () => {
    const app = await createTestApp(runtime, 'docs');
    await mkdir(join(app.paths.src, 'site'), { recursive: true });
    await writeFile(join(app.paths.src, 'site', 'index.html'), '<h1>static only</h1>\n');
    await makeProxy(runtime, app, { protocol: 'static', address: app.paths.src, port: null }, { workers: { static: 'site' } }).setup();
    expect((await get(runtime.httpPort, 'docs.localhost', '/')).body).toBe('<h1>static only</h1>\n');
    expect((await get(runtime.httpPort, 'docs.localhost', '/missing')).status).toBe(404);
  });

  it('is idempotent: a second setup leaves the same file and keeps serving', async () => {
    const path = join(runtime.root, 'nginx', 'sites', 'web.conf');
    const before = await readFile(path, 'utf8');
    const certBefore = await readFile(join(runtime.layout.certsDir, 'web.crt'), 'utf8');
    await makeProxy(runtime, web, httpBackend(), { env: webEnv }).setup();
    await makeProxy(runtime, web, httpBackend(), { env: webEnv }).setup();
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readFile(join(runtime.layout.certsDir, 'web.crt'), 'utf8')).toBe(certBefore);
    expect((await get(runtime.httpPort, 'web.localhost', '/')).status).toBe(200);
  });

  it('proxies a unix-socket uWSGI backend with uwsgi_pass', async () => {
    const app = await createTestApp(runtime, 'wsgi');
    uwsgi = await startUwsgi(app.paths.root);
    await makeProxy(runtime, app, { protocol: 'unix', address: uwsgi.socket, port: null }).setup();
    const answer = await get(runtime.httpPort, 'wsgi.localhost', '/api/items?q=2');
    expect(answer.status).toBe(200);
    const seen = JSON.parse(answer.body) as { from: string; environ: Record<string, string> };
    expect(seen.from).toBe('uwsgi-backend');
    expect(seen.environ.PATH_INFO).toBe('/api/items');
    expect(seen.environ.QUERY_STRING).toBe('q=2');
    expect(seen.environ.HTTP_HOST).toBe('wsgi.localhost');
    expect(seen.environ.HTTP_X_FORWARDED_FOR).toBe('127.0.0.1');
    expect(seen.environ.HTTP_X_FORWARDED_PROTO).toBe('http');
    expect(seen.environ.HTTP_X_REQUEST_START).toMatch(/^t=\d+\.\d{3}$/);
    const conf = await readFile(join(runtime.root, 'nginx', 'sites', 'wsgi.conf'), 'utf8');
    expect(conf).toContain(`uwsgi_pass "unix:${uwsgi.socket}"`);
  });

  it('caches NGINX_CACHE_PREFIXES responses', async () => {
    const app = await createTestApp(runtime, 'cached');
    const env = { NGINX_CACHE_PREFIXES: '/assets', NGINX_CACHE_CONTROL: '60' };
    await makeProxy(runtime, app, httpBackend(), { env }).setup();
    const first = await get(runtime.httpPort, 'cached.localhost', '/assets/app.js');
    const second = await get(runtime.httpPort, 'cached.localhost', '/assets/app.js');
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.headers['cache-control']).toBe('public, max-age=60');
    expect((await get(runtime.httpPort, 'cached.localhost', '/assetsy/app.js')).headers['x-cache']).toBeUndefined();
    expect(existsSync(join(runtime.layout.cacheDir, 'nginx', 'cached'))).toBe(true);
  });

  it('serves TLS with a self-signed certificate covering every hostname, regenerated when they change', async () => {
    const names = await peerAltNames(runtime.httpsPort, 'www.web.test');
    expect(names).toContain('DNS:web.localhost');
    expect(names).toContain('DNS:www.web.test');
    expect((await stat(join(runtime.layout.certsDir, 'web.key'))).mode & 0o777).toBe(0o600);
    const https = await get(runtime.httpsPort, 'web.localhost', '/', { tls: true });
    expect(https.status).toBe(200);
    expect(JSON.parse(https.body).headers['x-forwarded-proto']).toBe('https');

    web = { ...web, hostnames: ['web.localhost', 'www.web.test', 'api.web.test'] };
    await makeProxy(runtime, web, httpBackend(), { env: webEnv }).setup();
    const after = await peerAltNames(runtime.httpsPort, 'api.web.test');
    expect(after).toContain('DNS:api.web.test');
    expect(after).toContain('DNS:web.localhost');

    // A certificate about to expire is renewed, and nginx reloads to serve it although the site file is unchanged.
    const crt = join(runtime.layout.certsDir, 'web.crt');
    const key = join(runtime.layout.certsDir, 'web.key');
    const san = `subjectAltName=${web.hostnames.map((name) => `DNS:${name}`).join(',')}`;
    await runCommand('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-keyout', key, '-out', crt, '-subj', '/CN=web.localhost', '-addext', san]);
    await makeProxy(runtime, web, httpBackend(), { env: webEnv }).setup();
    const renewed = await peerCertificate(runtime.httpsPort, 'web.localhost');
    expect(Date.parse(renewed.valid_to) - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);
  });

  it('redirects plain HTTP to HTTPS (same host, HTTPS port) with NGINX_HTTPS_ONLY=1', async () => {
    const app = await createTestApp(runtime, 'secure', { hostnames: ['secure.localhost'] });
    await makeProxy(runtime, app, httpBackend(), { env: { NGINX_HTTPS_ONLY: '1' } }).setup();
    const plain = await get(runtime.httpPort, 'secure.localhost', '/path?a=b');
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe(`https://secure.localhost:${runtime.httpsPort}/path?a=b`);
    const secure = await get(runtime.httpsPort, 'secure.localhost', '/path', { tls: true });
    expect(secure.status).toBe(200);
  });

  it('rejects bad hostnames before writing anything', async () => {
    for (const bad of ['a b.localhost', 'x{y}.localhost', 'a;b']) {
      const app = await createTestApp(runtime, 'badhost', { hostnames: ['ok.localhost', bad] });
      const error = await failure(makeProxy(runtime, app, httpBackend()).setup());
      expect(hasErrorCode(error, NginxErrorCodes.invalidHostname)).toBe(true);
      expect(error.message).toContain(JSON.stringify(bad));
      expect(existsSync(join(runtime.root, 'nginx', 'sites', 'badhost.conf'))).toBe(false);
      expect(existsSync(join(runtime.layout.certsDir, 'badhost.crt'))).toBe(false);
    }
  });

  it('refuses static paths that escape the app, with nothing written', async () => {
    const app = await createTestApp(runtime, 'escape');
    await symlink(runtime.root, join(app.paths.src, 'outside'));
    for (const mapping of ['/x:../../..', '/x:outside', `/x:${runtime.root}`]) {
      const error = await failure(makeProxy(runtime, app, httpBackend(), { env: { NGINX_STATIC_PATHS: mapping } }).setup());
      expect(hasErrorCode(error, NginxErrorCodes.invalidStaticPath)).toBe(true);
      expect(error.message).toContain('NGINX_ALLOW_STATIC_OUTSIDE_APP');
      expect(existsSync(join(runtime.root, 'nginx', 'sites', 'escape.conf'))).toBe(false);
    }
  });

  /**
   * A file someone else put in nginx's configuration that takes the app's upstream name: every
   * input of ours is valid, and only `nginx -t` can see the clash. Returns its removal.
   */
  async function takeUpstreamName(app: string): Promise<() => Promise<void>> {
    const file = join(runtime.root, 'nginx', 'sites', `zz-foreign-${app}.conf`);
    await writeFile(file, `upstream hop3_app_${app.replace(/-/g, '_')} { server 127.0.0.1:9; }\n`);
    return () => rm(file, { force: true });
  }

  it('rolls back a configuration nginx rejects while the other apps keep serving', async () => {
    const release = [await takeUpstreamName('broken'), await takeUpstreamName('web')];
    const fresh = await createTestApp(runtime, 'broken');
    const error = await failure(makeProxy(runtime, fresh, httpBackend()).setup());
    expect(hasErrorCode(error, NginxErrorCodes.configInvalid)).toBe(true);
    expect(error.message).toContain('"broken"');
    expect(error.message).toContain('duplicate upstream');
    expect(existsSync(join(runtime.root, 'nginx', 'sites', 'broken.conf'))).toBe(false);
    expect(existsSync(join(runtime.layout.certsDir, 'broken.crt'))).toBe(false);
    expect((await get(runtime.httpPort, 'web.localhost', '/')).status).toBe(200);

    // An update that also changes the hostnames: the file and the certificate both come back.
    const path = join(runtime.root, 'nginx', 'sites', 'web.conf');
    const good = await readFile(path, 'utf8');
    const goodCert = await readFile(join(runtime.layout.certsDir, 'web.crt'), 'utf8');
    const renamed = { ...web, hostnames: [...web.hostnames, 'extra.web.test'] };
    const again = await failure(makeProxy(runtime, renamed, httpBackend(), { env: webEnv }).setup());
    expect(hasErrorCode(again, NginxErrorCodes.configInvalid)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(good);
    expect(await readFile(join(runtime.layout.certsDir, 'web.crt'), 'utf8')).toBe(goodCert);
    for (const undo of release) await undo();
    expect((await get(runtime.httpPort, 'web.localhost', '/')).status).toBe(200);
  });

  it('serializes concurrent setups: a broken app never takes a healthy one down with it', async () => {
    const good = await createTestApp(runtime, 'together-ok');
    const bad = await createTestApp(runtime, 'together-bad');
    const release = await takeUpstreamName('together-bad');
    const [ok, failed] = await Promise.allSettled([
      makeProxy(runtime, good, httpBackend()).setup(),
      makeProxy(runtime, bad, httpBackend()).setup(),
    ]);
    await release();
    expect(ok.status).toBe('fulfilled');
    expect(failed.status).toBe('rejected');
    expect(hasErrorCode((failed as PromiseRejectedResult).reason, NginxErrorCodes.configInvalid)).toBe(true);
    expect((await get(runtime.httpPort, 'together-ok.localhost', '/')).status).toBe(200);
    expect(existsSync(join(runtime.root, 'nginx', 'sites', 'together-bad.conf'))).toBe(false);
  });

  it('a reload nginx refuses (a file broken behind Hop3\'s back) fails with nginx\'s lines; the old configuration keeps serving', async () => {
    const server = resolveNginxServer(runtime);
    const stray = join(server.sitesDir, 'stray-by-hand.conf');
    await writeFile(stray, 'server { listen 127.0.0.1:1; not_a_directive on; }\n');
    try {
      const error = await failure(reloadEmbedded(server, runtime.log));
      expect(hasErrorCode(error, NginxErrorCodes.reloadFailed)).toBe(true);
      expect(error.message).toContain('not_a_directive');
      expect((await get(runtime.httpPort, 'web.localhost', '/')).status).toBe(200);
    } finally {
      await rm(stray, { force: true });
    }
  });

  it('refuses a hostname another app already serves', async () => {
    const app = await createTestApp(runtime, 'squatter', { hostnames: ['web.localhost'] });
    const error = await failure(makeProxy(runtime, app, httpBackend()).setup());
    expect(hasErrorCode(error, NginxErrorCodes.configInvalid)).toBe(true);
    expect(error.message).toContain('web.localhost');
    expect(existsSync(join(runtime.root, 'nginx', 'sites', 'squatter.conf'))).toBe(false);
    expect(JSON.parse((await get(runtime.httpPort, 'web.localhost', '/')).body).from).toBe('node-backend');
  });

  it('remove() deletes the site and its certificate, and is idempotent', async () => {
    const app = await createTestApp(runtime, 'gone');
    await makeProxy(runtime, app, httpBackend()).setup();
    expect((await get(runtime.httpPort, 'gone.localhost', '/')).status).toBe(200);
    await makeProxy(runtime, app, httpBackend()).remove();
    expect(existsSync(join(runtime.root, 'nginx', 'sites', 'gone.conf'))).toBe(false);
    expect(existsSync(join(runtime.layout.certsDir, 'gone.crt'))).toBe(false);
    expect(existsSync(join(runtime.layout.certsDir, 'gone.key'))).toBe(false);
    expect((await get(runtime.httpPort, 'gone.localhost', '/')).status).toBe(404);
    await makeProxy(runtime, app, httpBackend()).remove();
    expect((await get(runtime.httpPort, 'web.localhost', '/')).status).toBe(200);
  });

  it('the nginx service stops and starts the embedded instance (stop twice is fine)', async () => {
    await nginxService.stop(runtime);
    expect((await nginxService.status(runtime)).running).toBe(false);
    expect(await isPortOpen(runtime.httpPort)).toBe(false);
    await nginxService.stop(runtime);
    await nginxService.start(runtime);
    expect((await nginxService.status(runtime)).running).toBe(true);
    expect((await get(runtime.httpPort, 'web.localhost', '/static/hello.txt')).body).toBe('hello from static\n');
  });
});
