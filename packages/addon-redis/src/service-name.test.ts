import { describe, expect, it } from 'vitest';
import { createLayout } from '@hop3/core';
import { RedisErrorCodes } from './errors.js';
import { redisServicePaths } from './paths.js';
import { validateServiceName } from './service-name.js';

describe('validateServiceName', () => {
  it.each(['cache', 'my-app-redis', '0day', 'a'.repeat(63)])('accepts %j', (name) => {
    expect(validateServiceName(name)).toBe(name);
  });

  it.each(['', 'Cache', 'a b', 'a;b', 'a"b', "a'b", '../x', 'a/b', '-a', 'a_b', 'a'.repeat(64), 'x'.repeat(100)])('refuses %j with a hint', (name) => {
    expect(() => validateServiceName(name)).toThrow(expect.objectContaining({ code: RedisErrorCodes.invalidName, message: expect.stringContaining('lowercase') }));
  });

  it('shortens very long names in the message', () => {
    expect(() => validateServiceName('x'.repeat(500))).toThrow(/x{80}…/);
  });
});

describe('redisServicePaths', () => {
  it('keeps every file of a service under addons/redis/<name>', () => {
    const paths = redisServicePaths(createLayout('/srv/hop3'), 'cache');
    expect(paths).toMatchObject({
      dir: '/srv/hop3/addons/redis/cache',
      config: '/srv/hop3/addons/redis/cache/redis.conf',
      state: '/srv/hop3/addons/redis/cache/service.json',
      pidFile: '/srv/hop3/addons/redis/cache/redis.pid',
      dataDir: '/srv/hop3/addons/redis/cache/data',
      dump: '/srv/hop3/addons/redis/cache/data/dump.rdb',
      backupDir: '/srv/hop3/backups/redis/cache',
    });
  });
});
