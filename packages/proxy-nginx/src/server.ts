import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { StrategyRuntime } from '@hop3/core';
import { acmeChallengeDir } from './acme/paths.js';
import { checkSetting, invalidSetting, isQuotableConfigValue, parseFlag, parsePort } from './validate.js';

export type NginxMode = 'embedded' | 'system';

/**
 * Where nginx lives for this Hop3 root and how to talk to it. Embedded: a private nginx under
 * `<root>/nginx/` on loopback ports. System: the distribution's nginx, its sites dir and its
 * service manager.
 */
export interface NginxServer {
  mode: NginxMode;
  /** The nginx program. */
  bin: string;
  /** Arguments that select this instance's configuration (`-c … -p …` when embedded). */
  selectArgs: string[];
  /** Per-app files (`<app>.conf`) go here; it is included at http level. */
  sitesDir: string;
  /** Shared http-level definitions written by this plugin (the WebSocket `map`). */
  commonConfig: string;
  /** Embedded only: the generated main configuration and the prefix. */
  mainConfig: string | null;
  prefix: string | null;
  pidFile: string;
  logsDir: string | null;
  tempDir: string | null;
  httpPort: number;
  httpsPort: number;
  /** `listen` arguments of the plain and TLS servers. */
  httpListens: string[];
  httpsListens: string[];
  certsDir: string;
  /** Where ACME HTTP-01 token files are served from (every app's `/.well-known/acme-challenge/`). */
  acmeWebroot: string;
  cacheDir: string;
  /** Serialises config changes (write, test, reload) across apps and processes. */
  lockFile: string;
  /** System mode: records the pid of a system nginx `hop3 server start` started, so stop only stops that one. */
  startedMarker: string;
}

/** Shared definitions sort first and can never clash with an app (app names have no `_`). */
const COMMON_FILE = '_hop3_common.conf';

const SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** `HOP3_NGINX_BIN`, else `nginx` on PATH, else the sbin dirs a non-root PATH usually lacks. */
export function findNginxBinary(env: Readonly<Record<string, string | undefined>>): string {
  const explicit = env.HOP3_NGINX_BIN?.trim();
  if (explicit) return explicit;
  const dirs = [...(env.PATH ?? process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SEARCH_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, 'nginx');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return 'nginx';
}

/** The default sites dir of system mode: the same place as the embedded one, under HOP3_ROOT. */
export function systemSitesDir(nginxDir: string): string {
  return join(nginxDir, 'sites');
}

/** Read the server-wide settings (`HOP3_SERVICES`, ports, dirs) from the runtime. */
export function resolveNginxServer(runtime: Pick<StrategyRuntime, 'layout' | 'env'>): NginxServer {
  const { env, layout } = runtime;
  // Every path below is rendered (quoted) into nginx's config.
  if (!isQuotableConfigValue(layout.root)) {
    throw invalidSetting('HOP3_ROOT', `${layout.root}: use a directory path without quotes, ";", braces, "$", "#" or control characters`);
  }
  const mode: NginxMode = env.HOP3_SERVICES === 'system' ? 'system' : 'embedded';
  const bin = findNginxBinary(env);
  const cacheDir = join(layout.cacheDir, 'nginx');
  const lockFile = join(layout.runDir, 'nginx.lock');
  const startedMarker = join(layout.runDir, 'system-nginx.started');
  const acmeWebroot = acmeChallengeDir(layout.root);
  if (mode === 'system') {
    // The sites stay under HOP3_ROOT; `hop3 setup` writes the one system file that includes them
    // (/etc/nginx/conf.d/hop3.conf), so no app file is ever written into /etc.
    const sitesDir = checkSetting('HOP3_NGINX_SITES_DIR', env.HOP3_NGINX_SITES_DIR?.trim() || systemSitesDir(layout.nginxDir), /^\/\S*$/, 'use an absolute directory path without spaces');
    const httpPort = parsePort('HOP3_HTTP_PORT', env.HOP3_HTTP_PORT, 80);
    const httpsPort = parsePort('HOP3_HTTPS_PORT', env.HOP3_HTTPS_PORT, 443);
    const ipv6 = parseFlag('HOP3_NGINX_IPV6', env.HOP3_NGINX_IPV6 ?? '1');
    return {
      mode,
      bin,
      selectArgs: [],
      sitesDir,
      commonConfig: join(sitesDir, COMMON_FILE),
      mainConfig: null,
      prefix: null,
      pidFile: '/run/nginx.pid',
      logsDir: null,
      tempDir: null,
      httpPort,
      httpsPort,
      httpListens: [String(httpPort), ...(ipv6 ? [`[::]:${httpPort}`] : [])],
      httpsListens: [String(httpsPort), ...(ipv6 ? [`[::]:${httpsPort}`] : [])],
      certsDir: layout.certsDir,
      acmeWebroot,
      cacheDir,
      lockFile,
      startedMarker,
    };
  }
  const prefix = layout.nginxDir;
  const mainConfig = join(prefix, 'nginx.conf');
  const sitesDir = join(prefix, 'sites');
  const httpPort = parsePort('HOP3_HTTP_PORT', env.HOP3_HTTP_PORT, 8080);
  const httpsPort = parsePort('HOP3_HTTPS_PORT', env.HOP3_HTTPS_PORT, 8443);
  return {
    mode,
    bin,
    // `-e stderr`: start-up and test messages come back to us instead of a compiled-in log path.
    selectArgs: ['-e', 'stderr', '-c', mainConfig, '-p', `${prefix}/`],
    sitesDir,
    commonConfig: join(sitesDir, COMMON_FILE),
    mainConfig,
    prefix,
    pidFile: join(prefix, 'nginx.pid'),
    logsDir: join(prefix, 'logs'),
    tempDir: join(prefix, 'temp'),
    httpPort,
    httpsPort,
    httpListens: [`127.0.0.1:${httpPort}`],
    httpsListens: [`127.0.0.1:${httpsPort}`],
    certsDir: layout.certsDir,
    acmeWebroot,
    cacheDir,
    lockFile,
    startedMarker,
  };
}

/** The app's file in the sites dir. */
export function siteConfigPath(server: NginxServer, app: string): string {
  return join(server.sitesDir, `${app}.conf`);
}
