import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/hop3-error.js';
import { createLayout, resolveHop3Root } from './layout.js';

describe('createLayout', () => {
  it('places every directory under the root', () => {
    const layout = createLayout('/srv/hop3');
    expect(layout.app('shop')).toEqual({
      root: '/srv/hop3/apps/shop',
      src: '/srv/hop3/apps/shop/src',
      venv: '/srv/hop3/apps/shop/venv',
      log: '/srv/hop3/apps/shop/log',
      data: '/srv/hop3/apps/shop/data',
      state: '/srv/hop3/apps/shop/app.json',
    });
    expect(layout.uwsgiEnabledDir).toBe('/srv/hop3/uwsgi/enabled');
    expect(layout.addonDir('postgres')).toBe('/srv/hop3/addons/postgres');
    expect(layout.backupDir('redis', 'cache')).toBe('/srv/hop3/backups/redis/cache');
  });

  it.each(['../etc', 'a/b', '', 'UP'])('refuses to build a path from the name %j', (name) => {
    let error: unknown;
    try {
      createLayout('/srv/hop3').app(name);
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'HOP3_INVALID_INPUT')).toBe(true);
  });
});

describe('resolveHop3Root', () => {
  it('prefers HOP3_ROOT, then /home/hop3 for root on a provisioned server, then ~/.hop3', () => {
    expect(resolveHop3Root({ env: { HOP3_ROOT: '/x/y' } })).toBe('/x/y');
    expect(resolveHop3Root({ env: {}, isRoot: true, exists: () => true, home: '/root' })).toBe('/home/hop3');
    expect(resolveHop3Root({ env: {}, isRoot: true, exists: () => false, home: '/root' })).toBe('/root/.hop3');
    expect(resolveHop3Root({ env: {}, isRoot: false, exists: () => true, home: '/home/me' })).toBe('/home/me/.hop3');
  });
});
