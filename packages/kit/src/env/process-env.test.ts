import { describe, expect, it } from 'vitest';
import { processEnv, toolchainOf } from './process-env.js';

describe('toolchainOf', () => {
  it('puts a venv first for Python artifacts, node_modules/.bin otherwise, and a builder may declare its own', () => {
    expect(toolchainOf({ kind: 'virtualenv', location: '/h/apps/a/venv', metadata: {} }, '/h/apps/a/src')).toEqual({ venv: '/h/apps/a/venv', binDirs: ['/h/apps/a/venv/bin'] });
    expect(toolchainOf({ kind: 'node', location: '/h/apps/a/src', metadata: {} }, '/h/apps/a/src')).toEqual({ venv: null, binDirs: ['/h/apps/a/src/node_modules/.bin'] });
    expect(toolchainOf({ kind: 'ruby', location: '/x', metadata: { binDirs: ['/x/bin', '/x/gems/bin'] } }, '/s')).toEqual({ venv: null, binDirs: ['/x/bin', '/x/gems/bin'] });
    expect(toolchainOf(null, '/s')).toEqual({ venv: null, binDirs: [] });
  });
});

describe('processEnv', () => {
  it('HOME, the app env, then PATH with the toolchain first, APP, VIRTUAL_ENV and PORT', () => {
    const env = processEnv({ app: 'shop', appEnv: { SECRET_KEY: 'k', PORT: '1', APP: 'x', UWSGI_PROCESSES: '2' }, venv: '/v', binDirs: ['/v/bin'], home: '/h/apps/shop', port: null, omit: (key) => key.startsWith('UWSGI_') });
    expect(env).toEqual({ HOME: '/h/apps/shop', SECRET_KEY: 'k', PATH: '/v/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', APP: 'shop', VIRTUAL_ENV: '/v' });
    expect(processEnv({ app: 'a', appEnv: { PATH: '/opt/bin', VIRTUAL_ENV: '/elsewhere' }, venv: null, binDirs: ['/s/node_modules/.bin'], home: '/h', port: 8001 })).toEqual({
      HOME: '/h',
      PATH: '/s/node_modules/.bin:/opt/bin',
      APP: 'a',
      PORT: '8001',
    });
  });
});
