import { join } from 'node:path';
import type { Hop3Layout } from '@hop3/core';
import { debianError, DebianErrorCodes } from '../../errors.js';

/**
 * The unit names and the sites dir mirror hop3-plugin-deployer-uwsgi (SYSTEM_EMPEROR_UNIT) and
 * hop3-plugin-proxy-nginx (systemSitesDir): an OS plugin depends on no other plugin, so the
 * few shared facts are repeated here, each with its source.
 */
export const EMPEROR_UNIT = 'hop3-uwsgi.service';
export const RENEW_SERVICE_UNIT = 'hop3-certs-renew.service';
export const RENEW_TIMER_UNIT = 'hop3-certs-renew.timer';

/** What the system files are made of, resolved (and validated) from the layout and settings. */
export interface SystemSettings {
  root: string;
  /** The dir nginx includes `*.conf` from (proxy-nginx writes one file per app there). */
  sitesDir: string;
  httpPort: number;
  httpsPort: number;
  ipv6: boolean;
  vassalsDir: string;
  emperorPidFile: string;
  uwsgiBin: string;
  nginxBin: string;
  /** `HOP3_*` settings the timer's `hop3 certs renew` must see, as given to this setup. */
  hop3Env: Record<string, string>;
  /** Where the files go (`systemRoot` prefixes /etc in tests). */
  paths: SystemPaths;
}

export interface SystemPaths {
  nginxInclude: string;
  /** Debian's stock default site (a link to sites-available/default), and where it points. */
  debianDefaultSite: string;
  debianDefaultTarget: string;
  unitDir: string;
}

export function systemPaths(systemRoot = '/'): SystemPaths {
  return {
    nginxInclude: join(systemRoot, 'etc/nginx/conf.d/hop3.conf'),
    debianDefaultSite: join(systemRoot, 'etc/nginx/sites-enabled/default'),
    debianDefaultTarget: join(systemRoot, 'etc/nginx/sites-available/default'),
    unitDir: join(systemRoot, 'etc/systemd/system'),
  };
}

// Everything below is rendered into nginx's config or a unit file: refuse what could break out.
const SAFE_PATH = /^\/[A-Za-z0-9._\-/+@=,]*$/;
const SAFE_VALUE = /^[A-Za-z0-9._\-/+@=,:]*$/;

function bad(key: string, hint: string): never {
  throw debianError({ code: DebianErrorCodes.invalidInput, message: `${key}: ${hint}`, details: { key } });
}

function path(key: string, value: string): string {
  if (!SAFE_PATH.test(value)) bad(key, `${value} cannot go into a system configuration file: use an absolute path of letters, digits and ._-/+@=, only`);
  return value;
}

function port(key: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) bad(key, 'use a port number from 1 to 65535');
  return value;
}

function flag(key: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  return bad(key, 'use 1 or 0 (true/false, yes/no, on/off)');
}

/** Resolve every setting the system files use; the first bad one throws before anything is written. */
export function resolveSystemSettings(layout: Hop3Layout, env: Readonly<Record<string, string | undefined>>, systemRoot = '/'): SystemSettings {
  const root = path('HOP3_ROOT', layout.root);
  const hop3Env: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('HOP3_') || value === undefined || value === '') continue;
    if (!SAFE_VALUE.test(value)) bad(key, 'its value cannot go into a systemd unit (Environment=): use letters, digits and ._-/+@=,: only');
    hop3Env[key] = value;
  }
  hop3Env.HOP3_ROOT = root;
  hop3Env.HOP3_SERVICES = 'system';
  return {
    root,
    sitesDir: path('HOP3_NGINX_SITES_DIR', env.HOP3_NGINX_SITES_DIR?.trim() || join(layout.nginxDir, 'sites')),
    httpPort: port('HOP3_HTTP_PORT', env.HOP3_HTTP_PORT, 80),
    httpsPort: port('HOP3_HTTPS_PORT', env.HOP3_HTTPS_PORT, 443),
    ipv6: flag('HOP3_NGINX_IPV6', env.HOP3_NGINX_IPV6, true),
    vassalsDir: path('HOP3_UWSGI_VASSALS_DIR', env.HOP3_UWSGI_VASSALS_DIR?.trim() || layout.uwsgiEnabledDir),
    emperorPidFile: join(layout.runDir, 'uwsgi-emperor.pid'),
    uwsgiBin: path('HOP3_UWSGI_BIN', env.HOP3_UWSGI_BIN?.trim() || '/usr/bin/uwsgi'),
    nginxBin: env.HOP3_NGINX_BIN?.trim() || 'nginx',
    hop3Env,
    paths: systemPaths(systemRoot),
  };
}
