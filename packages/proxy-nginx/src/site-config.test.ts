import { describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import type { BackendSpec } from './backend.js';
import { resolveNginxServer } from './server.js';
import { readAppSettings } from './settings.js';
import { renderSiteConfig, type SiteSpec } from './site-config.js';

const server = resolveNginxServer({ layout: createLayout('/srv/hop3'), env: {} });
const http: BackendSpec = { kind: 'http', app: 'blog', scheme: 'http', upstream: 'hop3_app_blog', servers: ['127.0.0.1:5000', '127.0.0.1:5001'] };

function spec(overrides: Partial<SiteSpec> = {}, env: Record<string, string> = {}): SiteSpec {
  return {
    app: 'blog',
    hostnames: ['blog.localhost', 'www.blog.test'],
    backend: http,
    settings: readAppSettings(env),
    staticMappings: [],
    certificate: { certificate: '/srv/hop3/certs/blog.crt', key: '/srv/hop3/certs/blog.key' },
    ...overrides,
  };
}

/** The body of the first block that starts with `head {`. */
function block(config: string, head: string): string {
  const start = config.indexOf(`${head} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  let depth = 0;
  for (let i = config.indexOf('{', start); i < config.length; i++) {
    if (config[i] === '{') depth++;
    if (config[i] === '}' && --depth === 0) return config.slice(start, i + 1);
  }
  throw new Error(`unbalanced block ${head}`);
}

describe('renderSiteConfig', () => {
  it('proxies to an upstream with every server and the forwarding headers', () => {
    const config = renderSiteConfig(spec(), server);
    expect(block(config, 'upstream hop3_app_blog')).toContain('server 127.0.0.1:5001 max_fails=0;');
    // Never marked down after a restart: a server is retried as soon as it answers again.
    expect(block(config, 'upstream hop3_app_blog')).toContain('server 127.0.0.1:5000 max_fails=0;');
    const root = block(config, 'location /');
    expect(root).toContain('proxy_pass http://hop3_app_blog;');
    for (const header of ['Host $host', 'X-Real-IP $remote_addr', 'X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme', 'X-Forwarded-Port $server_port', 'X-Request-Start "t=${msec}"', 'Connection $hop3_connection_upgrade']) {
      expect(root).toContain(`proxy_set_header ${header};`);
    }
    expect(config).toContain('server_name blog.localhost www.blog.test;');
    expect(config).toContain('listen 127.0.0.1:8080;');
    expect(config).toContain('listen 127.0.0.1:8443 ssl http2;');
    // nginx answers ACME challenges itself, from the webroot under HOP3_ROOT.
    expect(block(config, 'location ^~ /.well-known/acme-challenge/')).toContain('alias "/srv/hop3/acme-challenges/";');
    expect(config).toContain('ssl_certificate "/srv/hop3/certs/blog.crt";');
    expect(config).toContain('client_max_body_size 100m;');
    expect(config).toContain('location ~ /\\.(?!well-known(?:/|$))');
  });

  it('balances braces', () => {
    const config = renderSiteConfig(spec({ staticMappings: [{ urlPrefix: '/', directory: '/srv/hop3/apps/blog/src/public', source: 's' }] }, { NGINX_CACHE_PREFIXES: '/a', NGINX_HTTPS_ONLY: '1' }), server);
    expect(config.split('{').length).toBe(config.split('}').length);
  });

  it('serves a root static mapping first and falls back to the app', () => {
    const config = renderSiteConfig(spec({ staticMappings: [{ urlPrefix: '/', directory: '/srv/app/public', source: 'Procfile' }] }), server);
    const root = block(config, 'location /');
    expect(root).toContain('alias "/srv/app/public/";');
    expect(root).toContain('try_files $uri $uri.html $uri/index.html @hop3_backend;');
    expect(root).toContain('error_page 403 = @hop3_backend;');
    expect(root).toContain('disable_symlinks on "from=/srv/app/public";');
    expect(block(config, 'location @hop3_backend')).toContain('proxy_pass');
  });

  it('gives a non-root mapping its own alias location ending in =404', () => {
    const config = renderSiteConfig(spec({ staticMappings: [{ urlPrefix: '/static/', directory: '/srv/app/assets', source: 'x' }] }), server);
    const location = block(config, 'location /static/');
    expect(location).toContain('alias "/srv/app/assets/";');
    expect(location).toContain('=404;');
    expect(block(config, 'location /')).toContain('proxy_pass');
  });

  it('uses uwsgi_pass and uwsgi_cache for a unix backend', () => {
    const config = renderSiteConfig(spec({ backend: { kind: 'uwsgi', app: 'blog', socket: '/srv/hop3/run/blog.sock' } }, { NGINX_CACHE_PREFIXES: '/static,/v1.0' }), server);
    expect(config).not.toContain('upstream ');
    expect(config).toContain('uwsgi_pass "unix:/srv/hop3/run/blog.sock";');
    expect(config).toContain('uwsgi_param HTTP_X_FORWARDED_PROTO $scheme;');
    expect(config).toContain('uwsgi_cache_path "/srv/hop3/cache/nginx/blog" levels=1:2 keys_zone=hop3_blog:20m inactive=86400s max_size=1g use_temp_path=off;');
    const cache = block(config, 'location ~* ^/(?:static|v1\\.0)(?:/|$)');
    expect(cache).toContain('uwsgi_cache hop3_blog;');
    expect(cache).toContain('add_header Cache-Control "public, max-age=3600";');
    expect(cache).toContain('uwsgi_pass');
  });

  it('with NGINX_HTTPS_ONLY, plain HTTP only redirects to the HTTPS port', () => {
    const config = renderSiteConfig(spec({}, { NGINX_HTTPS_ONLY: '1' }), server);
    const redirect = block(config, 'server');
    expect(redirect).toContain('listen 127.0.0.1:8080;');
    expect(redirect).toContain('return 301 https://$host:8443$request_uri;');
    expect(redirect).not.toContain('proxy_pass');
    const tlsServer = config.slice(config.indexOf(redirect) + redirect.length);
    expect(tlsServer).not.toContain('listen 127.0.0.1:8080;');
    expect(tlsServer).toContain('listen 127.0.0.1:8443 ssl http2;');
    // The ACME challenge path stays on plain HTTP; everything else redirects.
    expect(redirect).toContain('location ^~ /.well-known/acme-challenge/');
    expect(tlsServer).not.toContain('acme-challenge');
  });

  it('serves dotfiles only when NGINX_ALLOW_GIT_FOLDERS is set', () => {
    expect(renderSiteConfig(spec({}, { NGINX_ALLOW_GIT_FOLDERS: '1' }), server)).not.toContain('deny all');
  });

  it('answers 404 for a static-only app without a root mapping', () => {
    const config = renderSiteConfig(spec({ backend: { kind: 'none', app: 'blog' } }), server);
    expect(block(config, 'location /')).toContain('return 404;');
    expect(config).not.toContain('proxy_pass');
  });
});
