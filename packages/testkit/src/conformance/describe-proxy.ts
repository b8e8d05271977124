import { createServer, type Server } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENDING_BACKEND, appSchema, type App, type DeploymentInfo, type Proxy, type RegisteredStrategy } from '@hop3/core';
import { findFreePort } from '@hop3/kit';
import { httpGet, type HttpAnswer } from '../helpers/http-get.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { resolveEnv, type SuiteOptions } from './env-option.js';
import { diffSnapshots, snapshotFiles } from './fs-snapshot.js';
import { registeredStrategy, stopPluginServices, type StrategySource } from './strategy-source.js';

export interface ProxyConformance extends StrategySource, SuiteOptions {
  /**
   * Where a request for one of the proxy's public URLs goes (default: 127.0.0.1 at the URL's
   * port, with the URL's host name as the Host header, so no DNS is involved).
   */
  target?(url: URL): { port: number; host: string };
}

const BACKEND_BODY = 'hop3-testkit-backend';
const STATIC_BODY = '<h1>hop3-testkit-static</h1>';

function defaultTarget(url: URL): { port: number; host: string } {
  return { port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), host: url.hostname };
}

/**
 * The proxy protocol's promises, through the real proxy: `preflight()` writes nothing;
 * `setup()` makes the app answer at its first public URL, for an `http` backend and for a
 * `static` one (the files at the deployment's address); `setup()` again changes nothing the
 * client sees; `remove()` is idempotent and the app stops answering.
 */
export function describeProxy(options: ProxyConformance): void {
  const timeout = options.timeoutMs ?? 120_000;
  const target = options.target ?? defaultTarget;

  describe(`proxy "${options.strategy}" of ${options.plugin.name} (conformance)`, () => {
    let runtime: TestRuntime;
    let strategy: RegisteredStrategy<'proxy'>;
    let backend: Server;
    let backendPort: number;

    function appRecord(name: string): App {
      const paths = runtime.layout.app(name);
      return appSchema.parse({ name, paths: { root: paths.root, src: paths.src, venv: paths.venv, log: paths.log, data: paths.data }, state: 'running' });
    }

    async function proxyFor(app: App, deployment: DeploymentInfo): Promise<Proxy> {
      return strategy.create({ app, env: {}, workers: deployment.protocol === 'static' ? {} : { web: 'serve' }, backend: deployment }, runtime);
    }

    async function get(proxy: Proxy, path = '/'): Promise<HttpAnswer | null> {
      const urls = proxy.publicUrls?.() ?? [];
      expect(urls.length, 'publicUrls() names where the app answers (the suite requests the first)').toBeGreaterThan(0);
      const url = new URL(urls[0]!);
      const { port, host } = target(url);
      return httpGet(port, path, { host }).catch(() => null);
    }

    beforeAll(async () => {
      runtime = await createTestRuntime({ env: await resolveEnv(options.env), prefix: 'hop3-proxy-' });
      strategy = await registeredStrategy(options, 'proxy');
      backendPort = await findFreePort();
      backend = createServer((request, response) => response.end(`${BACKEND_BODY} ${request.url}`));
      backend.keepAliveTimeout = 1;
      await new Promise<void>((resolve) => backend.listen(backendPort, '127.0.0.1', resolve));
    }, timeout);

    afterAll(async () => {
      if (runtime !== undefined) await stopPluginServices(options.plugin, runtime).catch(() => undefined);
      if (backend !== undefined) await new Promise<void>((resolve) => backend.close(() => resolve()));
      await runtime?.cleanup();
      await options.afterAll?.();
    }, timeout);

    it('preflight() writes nothing', async () => {
      const app = appRecord('conformance-pre');
      await mkdir(app.paths.src, { recursive: true });
      const proxy = await proxyFor(app, PENDING_BACKEND);
      const before = await snapshotFiles(runtime.root);
      await proxy.preflight?.({ buildMayCreateFiles: false });
      expect(diffSnapshots(before, await snapshotFiles(runtime.root))).toEqual([]);
    }, timeout);

    it('setup() makes an http backend answer at the first public URL; setup() again changes nothing', async () => {
      const app = appRecord('conformance-http');
      await mkdir(app.paths.src, { recursive: true });
      const deployment: DeploymentInfo = { protocol: 'http', address: '127.0.0.1', port: backendPort };
      const proxy = await proxyFor(app, deployment);
      await proxy.setup();
      expect((await get(proxy, '/hello'))?.body).toBe(`${BACKEND_BODY} /hello`);
      await (await proxyFor(app, deployment)).setup();
      expect((await get(proxy, '/again'))?.body).toBe(`${BACKEND_BODY} /again`);
    }, timeout);

    it('remove() twice; the app no longer answers', async () => {
      const app = appRecord('conformance-http');
      const deployment: DeploymentInfo = { protocol: 'http', address: '127.0.0.1', port: backendPort };
      const proxy = await proxyFor(app, deployment);
      await proxy.remove?.();
      await (await proxyFor(app, deployment)).remove?.();
      expect((await get(proxy, '/gone'))?.body ?? '').not.toContain(BACKEND_BODY);
    }, timeout);

    it('setup() serves a static deployment: the files at its address, with no process', async () => {
      const app = appRecord('conformance-static');
      const site = join(app.paths.src, 'site');
      await mkdir(site, { recursive: true });
      await writeFile(join(site, 'index.html'), STATIC_BODY);
      await writeFile(join(site, 'about.txt'), 'about');
      const proxy = await proxyFor(app, { protocol: 'static', address: site, port: null });
      await proxy.setup();
      const index = await get(proxy, '/');
      expect(index?.status).toBe(200);
      expect(index?.body).toBe(STATIC_BODY);
      expect((await get(proxy, '/about.txt'))?.body).toBe('about');
      await proxy.remove?.();
    }, timeout);
  });
}
