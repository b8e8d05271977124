import { describe, expect, it } from 'vitest';
import { RedisErrorCodes } from './errors.js';
import { readRedisSettings } from './settings.js';

describe('readRedisSettings', () => {
  it('has defaults that need no configuration', () => {
    expect(readRedisSettings({})).toEqual({
      serverBin: 'redis-server',
      checkRdbBin: 'redis-check-rdb',
      maxmemory: undefined,
      portRange: { first: 16380, last: 17379 },
      startTimeoutMs: 15_000,
      stopTimeoutMs: 30_000,
    });
  });

  it('reads every HOP3_REDIS_* setting', () => {
    const settings = readRedisSettings({
      HOP3_REDIS_SERVER: '/opt/redis/bin/redis-server',
      HOP3_REDIS_CHECK_RDB: '/opt/redis/bin/redis-check-rdb',
      HOP3_REDIS_MAXMEMORY: '1gb',
      HOP3_REDIS_PORTS: '20000-20009',
      HOP3_REDIS_START_TIMEOUT_MS: '500',
      HOP3_REDIS_STOP_TIMEOUT_MS: '700',
    });
    expect(settings).toEqual({
      serverBin: '/opt/redis/bin/redis-server',
      checkRdbBin: '/opt/redis/bin/redis-check-rdb',
      maxmemory: '1gb',
      portRange: { first: 20000, last: 20009 },
      startTimeoutMs: 500,
      stopTimeoutMs: 700,
    });
  });

  it.each([
    ['HOP3_REDIS_MAXMEMORY', 'lots'],
    ['HOP3_REDIS_MAXMEMORY', '1gb\nrequirepass x'],
    ['HOP3_REDIS_PORTS', '80-90'],
    ['HOP3_REDIS_PORTS', '20010-20000'],
    ['HOP3_REDIS_PORTS', '20000'],
    ['HOP3_REDIS_START_TIMEOUT_MS', '-1'],
    ['HOP3_REDIS_STOP_TIMEOUT_MS', '1.5'],
  ])('refuses %s=%j, naming the setting', (key, value) => {
    expect(() => readRedisSettings({ [key]: value })).toThrow(expect.objectContaining({ code: RedisErrorCodes.invalidSetting, message: expect.stringContaining(key) }));
  });
});
