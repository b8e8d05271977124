import { describe, expect, it } from 'vitest';
import { createLayout, type StrategyRuntime } from '@hop3/core';
import { readAppTuning, readDeployerSettings } from './settings.js';

const runtime = (env: Record<string, string>): StrategyRuntime => ({
  layout: createLayout('/srv/hop3'),
  env,
  log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
});

describe('readDeployerSettings', () => {
  it('embedded by default: vassals in HOP3_ROOT/uwsgi/enabled, emperor files under HOP3_ROOT', () => {
    expect(readDeployerSettings(runtime({}))).toMatchObject({
      mode: 'embedded',
      vassalsDir: '/srv/hop3/uwsgi/enabled',
      availableDir: '/srv/hop3/uwsgi/available',
      socketDir: '/srv/hop3/run/uwsgi',
      emperorPidFile: '/srv/hop3/run/uwsgi-emperor.pid',
      emperorLog: '/srv/hop3/uwsgi/emperor.log',
      uwsgiBin: 'uwsgi',
      uid: null,
    });
  });

  it('system mode writes into the distro emperor\'s vassal dir', () => {
    expect(readDeployerSettings(runtime({ HOP3_SERVICES: 'system' })).vassalsDir).toBe('/etc/uwsgi-emperor/vassals');
    expect(readDeployerSettings(runtime({ HOP3_SERVICES: 'system', HOP3_UWSGI_VASSALS_DIR: '/etc/v' }))).toMatchObject({ mode: 'system', vassalsDir: '/etc/v' });
  });

  it('validates the uid/gid settings', () => {
    expect(readDeployerSettings(runtime({ HOP3_UWSGI_UID: 'hop3', HOP3_UWSGI_GID: '33' }))).toMatchObject({ uid: 'hop3', gid: '33' });
    expect(() => readDeployerSettings(runtime({ HOP3_UWSGI_UID: 'root\nplugins = x' }))).toThrow(/HOP3_UWSGI_UID/);
  });
});

describe('readAppTuning', () => {
  it('has defaults and reads UWSGI_* knobs', () => {
    expect(readAppTuning({})).toEqual({ processes: 1, threads: null, maxRequests: null, listen: 100, logMaxSize: 1_048_576 });
    expect(readAppTuning({ UWSGI_PROCESSES: '4', UWSGI_THREADS: '8' })).toMatchObject({ processes: 4, threads: 8 });
  });

  it('refuses malformed values naming the variable', () => {
    expect(() => readAppTuning({ UWSGI_PROCESSES: 'many' })).toThrow(/UWSGI_PROCESSES="many"/);
    expect(() => readAppTuning({ UWSGI_LISTEN: '0' })).toThrow(/UWSGI_LISTEN/);
  });
});
