import { Hop3Error } from '@hop3/core';
import { nginxError, NginxErrorCodes } from './errors.js';

/**
 * Characters that would let a value end a directive, open or close a block, start a variable
 * or a quoted string in nginx's config language. Nothing we render may contain them unless a
 * specific check says otherwise.
 */
const CONFIG_UNSAFE = /[\u0000-\u001f\u007f;{}"'`\\$#]/;

/**
 * A `HOP3_NGINX_INVALID_SETTING` error naming the setting and the expected form. Never the
 * value: settings live in the app's env, and an env value may be a secret set by mistake.
 */
export function invalidSetting(setting: string, expected: string): Hop3Error {
  return nginxError({ code: NginxErrorCodes.invalidSetting, message: `${setting} is not valid: ${expected}`, details: { setting, expected } });
}

/** Return `value` when it matches `pattern` and contains nothing unsafe for nginx's config. */
export function checkSetting(setting: string, value: string, pattern: RegExp, expected: string): string {
  if (CONFIG_UNSAFE.test(value) || !pattern.test(value)) throw invalidSetting(setting, expected);
  return value;
}

/** True when `value` may appear inside a double-quoted nginx string (paths). */
export function isQuotableConfigValue(value: string): boolean {
  return value !== '' && !CONFIG_UNSAFE.test(value);
}

/** An on/off flag: `1`, `true`, `yes`, `on` are true; empty, `0`, `false`, `no`, `off` false. */
export function parseFlag(setting: string, value: string | undefined): boolean {
  const normalized = (value ?? '').trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['', '0', 'false', 'no', 'off'].includes(normalized)) return false;
  throw invalidSetting(setting, 'use 1/0 (or true/false, yes/no, on/off)');
}

/** A TCP port number from a setting, with a default when unset. */
export function parsePort(setting: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const port = Number(value.trim());
  if (!/^\d{1,5}$/.test(value.trim()) || port < 1 || port > 65535) {
    throw invalidSetting(setting, 'use a port number between 1 and 65535');
  }
  return port;
}
