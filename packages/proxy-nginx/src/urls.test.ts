import { describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { appProbe, appPublicUrls } from './urls.js';
import { resolveNginxServer } from './server.js';

const layout = createLayout('/srv/hop3');

describe('appPublicUrls / appProbe', () => {
  it('gives one URL per hostname on the embedded port', () => {
    const app = { name: 'blog', hostnames: ['blog.localhost', 'blog.example.com'], env: {} };
    expect(appPublicUrls(app, { layout, env: {} })).toEqual(['http://blog.localhost:8080/', 'http://blog.example.com:8080/']);
    expect(appPublicUrls({ ...app, hostnames: [] }, { layout, env: { HOP3_HTTP_PORT: '9000' } })).toEqual(['http://blog.localhost:9000/']);
  });

  it('uses https with NGINX_HTTPS_ONLY and omits default ports in system mode', () => {
    const app = { name: 'blog', hostnames: ['blog.example.com'], env: { NGINX_HTTPS_ONLY: '1' } };
    expect(appPublicUrls(app, { layout, env: {} })).toEqual(['https://blog.example.com:8443/']);
    expect(appPublicUrls(app, { layout, env: { HOP3_SERVICES: 'system' } })).toEqual(['https://blog.example.com/']);
  });

  it('probes through the loopback address with a Host header', () => {
    expect(appProbe({ name: 'blog', hostnames: [] }, { layout, env: { HOP3_HTTP_PORT: '18080' } })).toEqual({ url: 'http://127.0.0.1:18080/', hostHeader: 'blog.localhost' });
  });
});

describe('resolveNginxServer', () => {
  it('embedded: a private nginx under HOP3_ROOT on loopback', () => {
    const server = resolveNginxServer({ layout, env: { HOP3_HTTPS_PORT: '9443' } });
    expect(server).toMatchObject({
      mode: 'embedded',
      mainConfig: '/srv/hop3/nginx/nginx.conf',
      sitesDir: '/srv/hop3/nginx/sites',
      pidFile: '/srv/hop3/nginx/nginx.pid',
      httpListens: ['127.0.0.1:8080'],
      httpsListens: ['127.0.0.1:9443'],
    });
    expect(server.selectArgs).toEqual(['-e', 'stderr', '-c', '/srv/hop3/nginx/nginx.conf', '-p', '/srv/hop3/nginx/']);
  });

  it('system: the distribution sites dir and public ports', () => {
    const server = resolveNginxServer({ layout, env: { HOP3_SERVICES: 'system', HOP3_NGINX_SITES_DIR: '/etc/nginx/conf.d', HOP3_NGINX_IPV6: '0' } });
    expect(server).toMatchObject({ mode: 'system', sitesDir: '/etc/nginx/conf.d', selectArgs: [], httpListens: ['80'], httpsListens: ['443'] });
    expect(resolveNginxServer({ layout, env: { HOP3_SERVICES: 'system' } }).httpListens).toEqual(['80', '[::]:80']);
  });

  it('rejects a bad port or a root nginx cannot quote', () => {
    expect(() => resolveNginxServer({ layout, env: { HOP3_HTTP_PORT: '80; evil' } })).toThrow(/HOP3_HTTP_PORT/);
    expect(() => resolveNginxServer({ layout: createLayout('/srv/a";b'), env: {} })).toThrow(/HOP3_ROOT/);
  });
});
