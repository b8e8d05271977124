import { checkSetting, invalidSetting, parseFlag } from './validate.js';

/** `NGINX_CACHE_*`: which URL prefixes are cached, and for how long. */
export interface CacheSettings {
  /** URL prefixes without the leading slash (`static`, `api/v1`). */
  prefixes: string[];
  /** `max_size` of the cache, with a unit (`1g`). */
  maxSize: string;
  /** Validity of 200/304 responses (`3600s`). */
  time: string;
  /** Validity of 301/307 responses. */
  redirects: string;
  /** Validity of any other response. */
  any: string;
  /** `Cache-Control: max-age` sent to clients, in seconds. */
  control: number;
  /** Entries unused this long are dropped (`inactive=`). */
  expiry: string;
}

/** The per-app settings this proxy reads from the app env. */
export interface AppProxySettings {
  /** `client_max_body_size` (`100m`). */
  clientMaxBodySize: string;
  /** Plain HTTP redirects to HTTPS. */
  httpsOnly: boolean;
  /** Serve `.git` and other dotfiles (denied by default). */
  allowDotfiles: boolean;
  /** Let static mappings point outside the app's source directory. */
  allowStaticOutsideApp: boolean;
  /** Null when `NGINX_CACHE_PREFIXES` is unset. */
  cache: CacheSettings | null;
}

/** Larger than nginx's 1m default: uploads hitting 413 is a classic PaaS complaint (Dokku #802). */
export const DEFAULT_CLIENT_MAX_BODY_SIZE = '100m';

const DURATION = /^\d{1,9}[smhd]?$/;
const SECONDS = /^\d{1,9}$/;
const PREFIX = /^\/?[A-Za-z0-9._~\-/]+$/;

function setting(env: Record<string, string>, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

const BODY_SIZE_HINT = 'use a size such as 10m, 512k or 1g (0 disables the limit)';
const UNIT_BYTES: Record<string, bigint> = { '': 1n, k: 1024n, m: 1024n ** 2n, g: 1024n ** 3n };
/** nginx stores sizes as a signed 64-bit offset: a larger one fails `nginx -t`, late in a deploy. */
const MAX_NGINX_SIZE = 2n ** 63n - 1n;

/** A size in nginx syntax that nginx can hold; `bareUnit` is what a plain number means. */
function sizeSetting(key: string, value: string, hint: string, bareUnit: '' | 'g'): string {
  checkSetting(key, value, /^\d{1,20}[kmgKMG]?$/, hint);
  const unit = /[kmgKMG]$/.test(value) ? value.slice(-1).toLowerCase() : bareUnit;
  const bytes = BigInt(/\d$/.test(value) ? value : value.slice(0, -1)) * UNIT_BYTES[unit]!;
  // The value is not repeated: settings may be read from an env that holds secrets.
  if (bytes > MAX_NGINX_SIZE) throw invalidSetting(key, `more than nginx can hold (8 exabytes); ${hint}`);
  return value;
}

/** A duration in nginx syntax: a bare number means seconds. */
function duration(env: Record<string, string>, key: string, fallback: string): string {
  const value = checkSetting(key, setting(env, key) ?? fallback, DURATION, 'use a number of seconds, optionally with s, m, h or d (e.g. 3600 or 1h)');
  return /\d$/.test(value) ? `${value}s` : value;
}

function cacheSettings(env: Record<string, string>): CacheSettings | null {
  const raw = setting(env, 'NGINX_CACHE_PREFIXES');
  if (raw === undefined) return null;
  const prefixes = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const prefix = checkSetting('NGINX_CACHE_PREFIXES', item, PREFIX, 'use a comma-separated list of URL prefixes such as /static,/api/v1').replace(/^\/+|\/+$/g, '');
      if (prefix === '' || prefix.split('/').includes('..')) {
        throw invalidSetting('NGINX_CACHE_PREFIXES', 'a prefix must name a path below / without ".." (e.g. /static)');
      }
      return prefix;
    });
  if (prefixes.length === 0) return null;
  const size = sizeSetting('NGINX_CACHE_SIZE', setting(env, 'NGINX_CACHE_SIZE') ?? '1', 'use a size such as 1 (gigabytes), 512m or 2g', 'g');
  return {
    prefixes: [...new Set(prefixes)],
    maxSize: /\d$/.test(size) ? `${size}g` : size.toLowerCase(),
    time: duration(env, 'NGINX_CACHE_TIME', '3600'),
    redirects: duration(env, 'NGINX_CACHE_REDIRECTS', '3600'),
    any: duration(env, 'NGINX_CACHE_ANY', '3600'),
    control: Number(checkSetting('NGINX_CACHE_CONTROL', setting(env, 'NGINX_CACHE_CONTROL') ?? '3600', SECONDS, 'use a number of seconds (e.g. 3600)')),
    expiry: duration(env, 'NGINX_CACHE_EXPIRY', '86400'),
  };
}

/** Read and validate every per-app `NGINX_*` setting; the first bad one throws. */
export function readAppSettings(env: Record<string, string>): AppProxySettings {
  const bodySize = setting(env, 'NGINX_CLIENT_MAX_BODY_SIZE') ?? DEFAULT_CLIENT_MAX_BODY_SIZE;
  return {
    clientMaxBodySize: sizeSetting('NGINX_CLIENT_MAX_BODY_SIZE', bodySize, BODY_SIZE_HINT, ''),
    httpsOnly: parseFlag('NGINX_HTTPS_ONLY', env.NGINX_HTTPS_ONLY),
    allowDotfiles: parseFlag('NGINX_ALLOW_GIT_FOLDERS', env.NGINX_ALLOW_GIT_FOLDERS),
    allowStaticOutsideApp: parseFlag('NGINX_ALLOW_STATIC_OUTSIDE_APP', env.NGINX_ALLOW_STATIC_OUTSIDE_APP),
    cache: cacheSettings(env),
  };
}
