import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { NginxErrorCodes } from './errors.js';
import { DEFAULT_CLIENT_MAX_BODY_SIZE, readAppSettings } from './settings.js';

function settingError(env: Record<string, string>): Error & { details?: Record<string, unknown> } {
  try {
    readAppSettings(env);
  } catch (error) {
    expect(hasErrorCode(error, NginxErrorCodes.invalidSetting)).toBe(true);
    return error as Error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('readAppSettings', () => {
  it('has safe defaults', () => {
    expect(readAppSettings({})).toEqual({
      clientMaxBodySize: DEFAULT_CLIENT_MAX_BODY_SIZE,
      httpsOnly: false,
      allowDotfiles: false,
      allowStaticOutsideApp: false,
      cache: null,
    });
  });

  it('names a bad setting and the expected form, never its value (an env value may be a secret)', () => {
    const envs: Record<string, string>[] = [{ NGINX_HTTPS_ONLY: 'leak-me-42' }, { NGINX_CACHE_PREFIXES: '/a/../leak-me-42' }, { NGINX_CLIENT_MAX_BODY_SIZE: 'leak-me-42' }];
    for (const env of envs) {
      const error = settingError(env);
      expect(error.message).toContain(Object.keys(env)[0]);
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('leak-me-42');
    }
  });

  it('reads flags and the body size', () => {
    const settings = readAppSettings({ NGINX_HTTPS_ONLY: 'true', NGINX_ALLOW_GIT_FOLDERS: '1', NGINX_ALLOW_STATIC_OUTSIDE_APP: 'yes', NGINX_CLIENT_MAX_BODY_SIZE: '25M' });
    expect(settings).toMatchObject({ httpsOnly: true, allowDotfiles: true, allowStaticOutsideApp: true, clientMaxBodySize: '25M' });
  });

  it.each(['10 m', '1m;', '1mb', '1m\nserver {', '-1', '1m"', '99999999999999999999999g', '8589934592g', '123456789012345678901'])('rejects the body size %j', (value) => {
    const error = settingError({ NGINX_CLIENT_MAX_BODY_SIZE: value });
    expect(error.message).toContain('NGINX_CLIENT_MAX_BODY_SIZE');
    expect(error.message).toContain('10m');
  });

  it('accepts the largest body size nginx holds', () => {
    expect(readAppSettings({ NGINX_CLIENT_MAX_BODY_SIZE: '8589934591g' }).clientMaxBodySize).toBe('8589934591g');
    expect(readAppSettings({ NGINX_CLIENT_MAX_BODY_SIZE: '0' }).clientMaxBodySize).toBe('0');
  });

  it('rejects a flag that is not a boolean', () => {
    expect(settingError({ NGINX_HTTPS_ONLY: 'maybe' }).message).toContain('NGINX_HTTPS_ONLY');
  });

  it('parses cache settings with Hop3 defaults', () => {
    expect(readAppSettings({ NGINX_CACHE_PREFIXES: '/static, /api/v1/ ,/static' }).cache).toEqual({
      prefixes: ['static', 'api/v1'],
      maxSize: '1g',
      time: '3600s',
      redirects: '3600s',
      any: '3600s',
      control: 3600,
      expiry: '86400s',
    });
    const custom = readAppSettings({
      NGINX_CACHE_PREFIXES: '/img',
      NGINX_CACHE_SIZE: '512m',
      NGINX_CACHE_TIME: '10m',
      NGINX_CACHE_REDIRECTS: '30',
      NGINX_CACHE_ANY: '0',
      NGINX_CACHE_CONTROL: '60',
      NGINX_CACHE_EXPIRY: '2d',
    }).cache;
    expect(custom).toMatchObject({ maxSize: '512m', time: '10m', redirects: '30s', any: '0s', control: 60, expiry: '2d' });
  });

  it.each([
    ['NGINX_CACHE_PREFIXES', '/a b'],
    ['NGINX_CACHE_PREFIXES', '/x;y'],
    ['NGINX_CACHE_PREFIXES', '/../etc'],
    ['NGINX_CACHE_PREFIXES', '/(a|b)'],
    ['NGINX_CACHE_SIZE', '1tb'],
    ['NGINX_CACHE_SIZE', '8589934592'],
    ['NGINX_CACHE_SIZE', '999999999999g'],
    ['NGINX_CACHE_TIME', '1 hour'],
    ['NGINX_CACHE_CONTROL', '1h'],
    ['NGINX_CACHE_EXPIRY', '1d}'],
  ])('rejects %s=%j, naming the setting', (key, value) => {
    const env = { NGINX_CACHE_PREFIXES: '/static', [key]: value };
    expect(settingError(env).message).toContain(key);
  });
});
