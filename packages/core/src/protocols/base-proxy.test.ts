import { describe, expect, it } from 'vitest';
import { BaseProxy, parseStaticPaths } from './base-proxy.js';
import { hasErrorCode } from '../errors/hop3-error.js';
import type { App } from '../data/app.js';

const app: App = {
  name: 'demo',
  paths: { root: '/r', src: '/r/src', venv: '/r/venv', log: '/r/log', data: '/r/data' },
  port: 5000,
  hostnames: [],
  env: {},
  runtime: null,
  builder: null,
  state: 'new',
  scaling: {},
};

const backend = { protocol: 'http' as const, address: '127.0.0.1', port: 5000 };

class RecordingProxy extends BaseProxy {
  readonly name = 'recording';
  readonly calls: string[] = [];
  failAt: string | undefined;
  protected getProxyName() {
    return 'REC';
  }
  private step(name: string) {
    this.calls.push(name);
    if (this.failAt === name) throw new Error(`boom in ${name}`);
  }
  protected setupBackend() { this.step('setupBackend'); }
  protected override setupCertificates() { this.step('setupCertificates'); }
  protected override setupCache() { this.step('setupCache'); }
  protected override async setupStatic() { await Promise.resolve(); this.step('setupStatic'); }
  protected override extraSetup() { this.step('extraSetup'); }
  protected generateConfig() { this.step('generateConfig'); }
  protected checkConfig() { this.step('checkConfig'); }
  protected reloadProxy() { this.step('reloadProxy'); }
}

describe('BaseProxy.setup', () => {
  it('runs every step in the documented order', async () => {
    const proxy = new RecordingProxy({ app, env: {}, workers: {}, backend });
    await proxy.setup();
    expect(proxy.calls).toEqual([
      'setupBackend', 'setupCertificates', 'setupCache', 'setupStatic',
      'extraSetup', 'generateConfig', 'checkConfig', 'reloadProxy',
    ]);
  });

  it('stops at the first failing step (no reload after a failed check)', async () => {
    const proxy = new RecordingProxy({ app, env: {}, workers: {}, backend });
    proxy.failAt = 'checkConfig';
    await expect(proxy.setup()).rejects.toThrow('boom in checkConfig');
    expect(proxy.calls.at(-1)).toBe('checkConfig');
    expect(proxy.calls).not.toContain('reloadProxy');
  });

  it('copies env and workers so the caller is not mutated', async () => {
    const env = { A: '1' };
    const proxy = new RecordingProxy({ app, env, workers: {}, backend });
    proxy.updateEnv('B', '2');
    expect(env).toEqual({ A: '1' });
  });
});

describe('BaseProxy.updateEnv', () => {
  it('sets a value, expands a template, and keeps the old value when both are empty', () => {
    const proxy = new RecordingProxy({ app, env: { HOST: 'a.test', PORT: '80' }, workers: {}, backend });
    proxy.updateEnv('X', 'plain');
    proxy.updateEnv('URL', '', 'http://$HOST:${PORT}/$MISSING');
    proxy.updateEnv('X');
    expect(proxy.env.X).toBe('plain');
    expect(proxy.env.URL).toBe('http://a.test:80/');
  });
});

describe('getStaticPaths', () => {
  it('parses the <PROXY>_STATIC_PATHS list', () => {
    const proxy = new RecordingProxy({ app, env: { REC_STATIC_PATHS: '/static:public, /media:/srv/media,' }, workers: {}, backend });
    expect(proxy.getStaticPaths()).toEqual([
      { urlPrefix: '/static', path: 'public' },
      { urlPrefix: '/media', path: '/srv/media' },
    ]);
  });

  it('returns nothing when unset', () => {
    expect(new RecordingProxy({ app, env: {}, workers: {}, backend }).getStaticPaths()).toEqual([]);
  });

  it.each(['static:public', '/static', '/static:', 'nocolon'])('rejects the malformed mapping %s', (value) => {
    let error: unknown;
    try {
      parseStaticPaths(value, 'NGINX_STATIC_PATHS');
    } catch (e) {
      error = e;
    }
    expect(hasErrorCode(error, 'HOP3_INVALID_CONFIG')).toBe(true);
    expect(String((error as Error).message)).toContain('NGINX_STATIC_PATHS');
  });
});
