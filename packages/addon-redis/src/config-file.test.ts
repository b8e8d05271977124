import { describe, expect, it } from 'vitest';
import { quoteConfigValue, renderRedisConfig } from './config-file.js';
import { RedisErrorCodes } from './errors.js';

const base = {
  port: 16400,
  password: 'a'.repeat(43),
  pidFile: '/srv/hop3/addons/redis/cache/redis.pid',
  logFile: '/srv/hop3/addons/redis/cache/redis.log',
  dataDir: '/srv/hop3/addons/redis/cache/data',
};

describe('renderRedisConfig', () => {
  it('binds a private, password-protected, RDB-only server to loopback', () => {
    const config = renderRedisConfig(base);
    for (const line of [
      'port 16400',
      'bind 127.0.0.1',
      'protected-mode yes',
      'daemonize yes',
      'pidfile "/srv/hop3/addons/redis/cache/redis.pid"',
      'logfile "/srv/hop3/addons/redis/cache/redis.log"',
      'dir "/srv/hop3/addons/redis/cache/data"',
      'dbfilename dump.rdb',
      'appendonly no',
      `requirepass ${'a'.repeat(43)}`,
    ]) {
      expect(config.split('\n')).toContain(line);
    }
    expect(config).toMatch(/^save \d+ \d+/m);
    expect(config).not.toMatch(/^maxmemory/m);
  });

  it('adds maxmemory when set', () => {
    expect(renderRedisConfig({ ...base, maxmemory: '256mb' })).toMatch(/^maxmemory 256mb$/m);
  });

  it('refuses a bad port or a password that is not a generated one', () => {
    expect(() => renderRedisConfig({ ...base, port: 70000 })).toThrow(/port/);
    expect(() => renderRedisConfig({ ...base, password: 'short' })).toThrow(expect.objectContaining({ code: RedisErrorCodes.corruptState }));
    expect(() => renderRedisConfig({ ...base, password: `${'a'.repeat(40)}\nport 1` })).toThrow(expect.objectContaining({ code: RedisErrorCodes.corruptState }));
  });
});

describe('quoteConfigValue', () => {
  it('quotes spaces, quotes and backslashes the way redis reads them', () => {
    expect(quoteConfigValue('/tmp/my root/x')).toBe('"/tmp/my root/x"');
    expect(quoteConfigValue('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('refuses control characters that could start a new directive', () => {
    expect(() => quoteConfigValue('/tmp/x\nrequirepass ""')).toThrow(/control characters/);
  });
});
