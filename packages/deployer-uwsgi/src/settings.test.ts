import { describe, expect, it } from 'vitest';
import { createLayout, type StrategyRuntime } from '@hop3/core';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processTagOf, readAppTuning, readDeployerSettings } from './settings.js';

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

  it('system mode keeps the vassals under HOP3_ROOT (the hop3-uwsgi service watches them), unless told otherwise', () => {
    expect(readDeployerSettings(runtime({ HOP3_SERVICES: 'system' }))).toMatchObject({ mode: 'system', vassalsDir: '/srv/hop3/uwsgi/enabled', emperorPidFile: '/srv/hop3/run/uwsgi-emperor.pid' });
    expect(readDeployerSettings(runtime({ HOP3_SERVICES: 'system', HOP3_UWSGI_VASSALS_DIR: '/etc/v' }))).toMatchObject({ mode: 'system', vassalsDir: '/etc/v' });
  });

  it('validates the uid/gid settings', () => {
    expect(readDeployerSettings(runtime({ HOP3_UWSGI_UID: 'nobody', HOP3_UWSGI_GID: '33' }))).toMatchObject({ uid: 'nobody', gid: '33' });
    if (process.getuid?.() === 0) {
      expect(readDeployerSettings(runtime({ HOP3_UWSGI_UID: 'nobody', HOP3_UWSGI_GID: '33' })).appOwner).toEqual({ uid: 65534, gid: 33 });
      expect(() => readDeployerSettings(runtime({ HOP3_UWSGI_UID: 'no-such-user-hop3' }))).toThrow(/name no user/);
    }
    expect(() => readDeployerSettings(runtime({ HOP3_UWSGI_UID: 'root\nplugins = x' }))).toThrow(/HOP3_UWSGI_UID/);
  });
});

describe('processTagOf', () => {
  it('is stable for one HOP3_ROOT, differs between roots, and follows symbolic links', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hop3-tag-'));
    try {
      await mkdir(join(dir, 'a'));
      await symlink(join(dir, 'a'), join(dir, 'link'));
      expect(processTagOf(join(dir, 'a'))).toMatch(/^[0-9a-f]{8}$/);
      expect(processTagOf(join(dir, 'a'))).toBe(processTagOf(join(dir, 'link')));
      expect(processTagOf(join(dir, 'a'))).not.toBe(processTagOf(join(dir, 'b')));
      expect(readDeployerSettings(runtime({})).processTag).toBe(processTagOf('/srv/hop3'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readAppTuning', () => {
  it('has defaults and reads UWSGI_* knobs', () => {
    expect(readAppTuning({})).toEqual({ processes: 1, threads: null, maxRequests: null, listen: 100, logMaxSize: 1_048_576 });
    expect(readAppTuning({ UWSGI_PROCESSES: '4', UWSGI_THREADS: '8' })).toMatchObject({ processes: 4, threads: 8 });
  });

  it('names the variable, never its value (app env values may be secrets)', () => {
    for (const key of ['UWSGI_PROCESSES', 'UWSGI_THREADS', 'UWSGI_LISTEN']) {
      let error: unknown;
      try {
        readAppTuning({ [key]: 'leak-me-42' });
      } catch (caught) {
        error = caught;
      }
      const shown = JSON.stringify({ message: (error as Error).message, details: (error as { details?: unknown }).details });
      expect(shown).toContain(key);
      expect(shown).not.toContain('leak-me');
    }
    expect(() => readDeployerSettings(runtime({ HOP3_UWSGI_UID: 'a b' }))).toThrow(/^HOP3_UWSGI_UID is not a user/);
  });

  it('refuses malformed values naming the variable', () => {
    expect(() => readAppTuning({ UWSGI_PROCESSES: 'many' })).toThrow(/UWSGI_PROCESSES must be a whole number/);
    expect(() => readAppTuning({ UWSGI_LISTEN: '0' })).toThrow(/UWSGI_LISTEN/);
  });
});
