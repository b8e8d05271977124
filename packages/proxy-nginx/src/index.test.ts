import { describe, expect, it } from 'vitest';
import { createLayout, hasErrorCode, isBrandedPlugin } from '@hop3/core';
import { NginxErrorCodes } from './errors.js';
import plugin, { acmeRenewalService, NginxProxy, nginxService } from './index.js';

describe('hop3-plugin-proxy-nginx', () => {
  it('declares the nginx proxy and service without constructing anything', async () => {
    expect(isBrandedPlugin(plugin)).toBe(true);
    expect(plugin.name).toBe('hop3-plugin-proxy-nginx');
    expect(plugin.apiVersion).toBe(1);
    const [proxy] = await plugin.hooks.getProxies();
    expect(proxy?.name).toBe('nginx');
    expect(await plugin.hooks.getServices()).toEqual([nginxService, acmeRenewalService]);
  });

  it('creates an NginxProxy from a target and the runtime', async () => {
    const [descriptor] = await plugin.hooks.getProxies();
    const layout = createLayout('/srv/hop3');
    const app = {
      name: 'blog',
      paths: { root: '/srv/hop3/apps/blog', src: '/srv/hop3/apps/blog/src', venv: '', log: '', data: '' },
      port: null,
      hostnames: [],
      env: {},
      runtime: null,
      builder: null,
      state: 'new' as const,
      scaling: {},
    };
    const log = { info() {}, warn() {}, debug() {} };
    const proxy = await (descriptor as { create: (...args: unknown[]) => unknown }).create(
      { app, env: { NGINX_STATIC_PATHS: '/s:public' }, workers: {}, backend: { protocol: 'http', address: '127.0.0.1', port: 5000 } },
      { layout, env: {}, log },
    );
    expect(proxy).toBeInstanceOf(NginxProxy);
    const nginx = proxy as NginxProxy;
    expect(nginx.name).toBe('nginx');
    expect(nginx.configPath).toBe('/srv/hop3/nginx/sites/blog.conf');
    expect(nginx.publicUrls()).toEqual(['http://blog.localhost:8080/']);
    expect(nginx.getStaticPaths()).toEqual([{ urlPrefix: '/s', path: 'public' }]);
  });

  it('a malformed NGINX_STATIC_PATHS item has the code of every other bad static mapping', async () => {
    const [descriptor] = await plugin.hooks.getProxies();
    const app = { name: 'blog', paths: { root: '/nonexistent/blog', src: '/nonexistent/blog/src', venv: '', log: '', data: '' }, port: null, hostnames: [], env: {}, runtime: null, builder: null, state: 'new' as const, scaling: {} };
    const proxy = (await (descriptor as { create: (...args: unknown[]) => unknown }).create(
      { app, env: { NGINX_STATIC_PATHS: 'static:public' }, workers: {}, backend: { protocol: 'http', address: '127.0.0.1', port: 5000 } },
      { layout: createLayout('/nonexistent/hop3'), env: {}, log: { info() {}, warn() {}, debug() {} } },
    )) as NginxProxy;
    const error = await proxy.preflight({ buildMayCreateFiles: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(hasErrorCode(error, NginxErrorCodes.invalidStaticPath)).toBe(true);
    expect((error as Error).message).toContain('NGINX_STATIC_PATHS: "static:public" is not a "/url:path" mapping');
  });
});
