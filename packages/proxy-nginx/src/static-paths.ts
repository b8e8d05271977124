import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { Hop3Error, parseStaticPaths, type StaticPath } from '@hop3/core';
import { nginxError, NginxErrorCodes } from './errors.js';
import { isQuotableConfigValue } from './validate.js';

/** A validated static mapping: requests under `urlPrefix` are served from `directory`. */
export interface StaticMapping {
  /** `/` or a prefix ending in `/` (`/static/`), so `alias` maps it onto a directory. */
  urlPrefix: string;
  /** Absolute real path (symlinks resolved) of the directory. */
  directory: string;
  /** Where the mapping came from, for messages. */
  source: string;
}

/** The places an app can declare static files, lowest precedence first. */
export interface StaticSources {
  /**
   * The directory a `static` deployment's address names (a deployer that runs no process):
   * served at `/` unless the app maps `/` itself.
   */
  deployment?: string | undefined;
  /** The Procfile `static` worker: a directory for `/`, or a `/url:dir,…` list. */
  worker?: string | undefined;
  /** hop3.toml `[static]`: URL prefix → directory. */
  declared?: Record<string, string> | undefined;
  /** `NGINX_STATIC_PATHS`, parsed. */
  env?: StaticPath[] | undefined;
}

export interface StaticResolveOptions {
  /** The app's source directory: relative paths resolve against it and must stay inside it. */
  srcDir: string;
  /** `NGINX_ALLOW_STATIC_OUTSIDE_APP`. */
  allowOutsideApp: boolean;
  /** Before the build: skip a directory that does not exist yet (the build may create it). */
  allowMissing?: boolean;
}

const URL_PREFIX = /^\/[A-Za-z0-9._~\-/]*$/;

function staticError(source: string, message: string, details: Record<string, unknown>): Hop3Error {
  return nginxError({ code: NginxErrorCodes.invalidStaticPath, message: `${source}: ${message}`, details: { source, ...details } });
}

/** `/static` → `/static/`; rejects characters nginx would read as syntax and `..` segments. */
export function normalizeUrlPrefix(prefix: string, source: string): string {
  const collapsed = prefix.replace(/\/{2,}/g, '/');
  const segments = collapsed.split('/');
  if (!URL_PREFIX.test(collapsed) || segments.includes('..') || segments.includes('.')) {
    throw staticError(source, `"${prefix}" is not a valid URL prefix: use /, /static or /assets/img (letters, digits, "-", "_", ".", "~"; no ".." segments)`, { urlPrefix: prefix });
  }
  return collapsed.endsWith('/') ? collapsed : `${collapsed}/`;
}

/** The Procfile `static` worker: `public` maps `/` to it; `/:public,/x:dir` is a mapping list. */
export function parseStaticWorker(value: string): StaticPath[] {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  if (trimmed.includes(':')) return parseStaticPaths(trimmed, 'Procfile "static" worker', NginxErrorCodes.invalidStaticPath);
  return [{ urlPrefix: '/', path: trimmed }];
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

async function resolveDirectory(mapping: StaticPath, source: string, options: StaticResolveOptions, realSrc: string): Promise<string | null> {
  const wanted = isAbsolute(mapping.path) ? mapping.path : resolve(options.srcDir, mapping.path);
  if (!isQuotableConfigValue(wanted)) {
    throw staticError(source, `the path "${mapping.path}" contains characters nginx cannot take (quotes, ";", braces, "$", "#", control characters)`, { path: mapping.path });
  }
  let real: string;
  try {
    real = await realpath(wanted);
  } catch (error) {
    if (options.allowMissing === true && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw staticError(source, `the directory "${mapping.path}" for ${mapping.urlPrefix} does not exist (looked for ${wanted})`, { path: wanted, cause: (error as Error).message });
  }
  if (!(await stat(real)).isDirectory()) {
    throw staticError(source, `"${mapping.path}" for ${mapping.urlPrefix} is not a directory (${real})`, { path: real });
  }
  if (!options.allowOutsideApp && !isInside(real, realSrc)) {
    throw staticError(
      source,
      `"${mapping.path}" for ${mapping.urlPrefix} resolves to ${real}, outside the app's source directory ${realSrc}. ` +
        'Serve files from inside the app, or set NGINX_ALLOW_STATIC_OUTSIDE_APP=1 if this is intended.',
      { path: wanted, realPath: real, srcDir: realSrc },
    );
  }
  return real;
}

/**
 * Merge the app's static declarations (static deployment < worker < hop3.toml < NGINX_STATIC_PATHS: a later source
 * overrides an earlier one for the same prefix), resolve every directory to its real path and
 * refuse any that escapes the app's source directory through `..` or a symlink.
 */
export async function resolveStaticMappings(sources: StaticSources, options: StaticResolveOptions): Promise<StaticMapping[]> {
  const layers: Array<[string, StaticPath[]]> = [
    ['the static deployment', sources.deployment === undefined ? [] : [{ urlPrefix: '/', path: sources.deployment }]],
    ['Procfile "static" worker', sources.worker === undefined ? [] : parseStaticWorker(sources.worker)],
    ['hop3.toml [static]', Object.entries(sources.declared ?? {}).map(([urlPrefix, path]) => ({ urlPrefix, path }))],
    ['NGINX_STATIC_PATHS', sources.env ?? []],
  ];
  const byPrefix = new Map<string, { mapping: StaticPath; source: string }>();
  for (const [source, mappings] of layers) {
    const seen = new Set<string>();
    for (const mapping of mappings) {
      const urlPrefix = normalizeUrlPrefix(mapping.urlPrefix, source);
      if (seen.has(urlPrefix)) throw staticError(source, `the URL prefix ${urlPrefix} is mapped twice`, { urlPrefix });
      seen.add(urlPrefix);
      byPrefix.set(urlPrefix, { mapping: { urlPrefix, path: mapping.path }, source });
    }
  }
  if (byPrefix.size === 0) return [];
  let realSrc: string;
  try {
    realSrc = await realpath(options.srcDir);
  } catch (error) {
    throw staticError('static files', `the app's source directory ${options.srcDir} does not exist`, { srcDir: options.srcDir, cause: (error as Error).message });
  }
  const resolved: StaticMapping[] = [];
  for (const { mapping, source } of byPrefix.values()) {
    const directory = await resolveDirectory(mapping, source, options, realSrc);
    if (directory !== null) resolved.push({ urlPrefix: mapping.urlPrefix, directory, source });
  }
  // Longest prefix first: stable output, and the order a reader expects.
  return resolved.sort((a, b) => b.urlPrefix.length - a.urlPrefix.length || a.urlPrefix.localeCompare(b.urlPrefix));
}
