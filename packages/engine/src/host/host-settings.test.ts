import { describe, expect, it } from 'vitest';
import { checkHostSettings, keepReleasesSetting, startTimeoutSetting } from './host-settings.js';

describe('checkHostSettings', () => {
  it('accepts unset and valid settings', () => {
    expect(() => checkHostSettings({})).not.toThrow();
    expect(() => checkHostSettings({ HOP3_START_TIMEOUT: '90', HOP3_HTTP_PORT: '8080', HOP3_HTTPS_PORT: '', HOP3_SERVICES: 'system', HOP3_DISCOVER: '0' })).not.toThrow();
    expect(startTimeoutSetting({ HOP3_START_TIMEOUT: '2.5' })).toBe(2.5);
    expect(startTimeoutSetting({})).toBeUndefined();
    expect(keepReleasesSetting({ HOP3_KEEP_RELEASES: '3' })).toBe(3);
    expect(keepReleasesSetting({})).toBeUndefined();
  });

  it.each([
    ['HOP3_START_TIMEOUT', 'abc'],
    ['HOP3_START_TIMEOUT', '0'],
    ['HOP3_START_TIMEOUT', '-5'],
    ['HOP3_HTTP_PORT', 'abc'],
    ['HOP3_HTTP_PORT', '70000'],
    ['HOP3_HTTPS_PORT', '0'],
    ['HOP3_SERVICES', 'sytem'],
    ['HOP3_DISCOVER', 'no'],
    ['HOP3_KEEP_RELEASES', '0'],
    ['HOP3_KEEP_RELEASES', 'all'],
  ])('refuses %s=%s as bad input naming the variable, not the value', (name, value) => {
    const error = (() => {
      try {
        checkHostSettings({ [name]: value });
      } catch (caught) {
        return caught as Error & { code: string; badInput: boolean };
      }
      return null;
    })();
    expect(error).toMatchObject({ code: 'HOP3_INVALID_INPUT', badInput: true });
    expect(error?.message).toContain(name);
    expect(error?.message).not.toContain(`=${value}`);
  });
});
