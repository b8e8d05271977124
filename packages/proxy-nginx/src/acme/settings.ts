import { accessSync, constants } from 'node:fs';
import { invalidSetting } from '../validate.js';

/** Let's Encrypt's directories: production is the default; staging is for trying things out. */
export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
export const LETS_ENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

/** Renew an ACME certificate when it expires within this many days (HOP3_ACME_RENEW_DAYS). */
export const DEFAULT_RENEW_DAYS = 30;
/** How often the renewal job looks for due certificates (HOP3_ACME_CHECK_INTERVAL, seconds). */
export const DEFAULT_CHECK_INTERVAL_S = 24 * 3600;

/** The server-wide ACME settings, from HOP3_ACME_* in hop3's environment. */
export interface AcmeSettings {
  /** HOP3_ACME=on: apps whose hop3.toml does not say `[tls] acme` use ACME (a server-wide default). */
  enabledByDefault: boolean;
  directoryUrl: string;
  /** Contact for the account (expiry and incident notices), or null. */
  email: string | null;
  /** Extra CA certificates (PEM) trusted for the directory's HTTPS, e.g. pebble's in tests. */
  caFile: string | null;
  renewDays: number;
  checkIntervalMs: number;
}

const EMAIL = /^[^\s@<>()",;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

function value(env: Readonly<Record<string, string | undefined>>, key: string): string | undefined {
  const raw = env[key]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function directory(raw: string | undefined): string {
  if (raw === undefined || raw === 'production') return LETS_ENCRYPT_PRODUCTION;
  if (raw === 'staging') return LETS_ENCRYPT_STAGING;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidSetting('HOP3_ACME_DIRECTORY', `use "production", "staging" or the https:// URL of an ACME directory (e.g. ${LETS_ENCRYPT_STAGING})`);
  }
  if (url.protocol !== 'https:') throw invalidSetting('HOP3_ACME_DIRECTORY', 'an ACME directory is served over https://');
  return url.toString();
}

function wholeNumber(raw: string | undefined, key: string, fallback: number, expected: string): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw invalidSetting(key, expected);
  return Number(raw);
}

/**
 * Read and check every HOP3_ACME_* setting before anything is written; the first bad one is a
 * `HOP3_NGINX_INVALID_SETTING` error that says what is expected.
 */
export function readAcmeSettings(env: Readonly<Record<string, string | undefined>>): AcmeSettings {
  const email = value(env, 'HOP3_ACME_EMAIL') ?? null;
  if (email !== null && !EMAIL.test(email)) throw invalidSetting('HOP3_ACME_EMAIL', 'use an e-mail address such as admin@example.com');
  const caFile = value(env, 'HOP3_ACME_CA_FILE') ?? null;
  if (caFile !== null) {
    try {
      accessSync(caFile, constants.R_OK);
    } catch {
      throw invalidSetting('HOP3_ACME_CA_FILE', `${caFile} cannot be read: give the path of a PEM file with the CA certificate(s) of the ACME directory`);
    }
  }
  const enabled = value(env, 'HOP3_ACME') ?? 'off';
  if (enabled !== 'on' && enabled !== 'off') throw invalidSetting('HOP3_ACME', 'use "on" (every app gets an ACME certificate unless its hop3.toml says [tls] acme = false) or "off"');
  return {
    enabledByDefault: enabled === 'on',
    directoryUrl: directory(value(env, 'HOP3_ACME_DIRECTORY')),
    email,
    caFile,
    renewDays: wholeNumber(value(env, 'HOP3_ACME_RENEW_DAYS'), 'HOP3_ACME_RENEW_DAYS', DEFAULT_RENEW_DAYS, 'use a number of days (e.g. 30)'),
    checkIntervalMs:
      1000 * wholeNumber(value(env, 'HOP3_ACME_CHECK_INTERVAL'), 'HOP3_ACME_CHECK_INTERVAL', DEFAULT_CHECK_INTERVAL_S, 'use a number of seconds (e.g. 86400 for daily)'),
  };
}
