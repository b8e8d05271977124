import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ErrorCodes } from '../../errors/codes.js';
import { describeError } from '../../errors/hop3-error.js';
import { PluginLoadError } from './load-error.js';
import { nodeModulesChain } from './scan.js';
import { coreError } from '../../errors/core-error.js';

/** What a host may list: a package name, a path (module file or package dir), or a plugin object. */
export type PluginSpecifier = string | object;

/** One explicit plugin, located (nothing read or imported yet). */
export type ExplicitTarget =
  | { type: 'package'; name: string; dir: string }
  | { type: 'module'; name: string; file: string }
  | { type: 'object'; name: string; value: unknown };

function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || isAbsolute(specifier);
}

function kindOf(path: string): 'dir' | 'file' | null {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats === undefined ? null : stats.isDirectory() ? 'dir' : 'file';
}

/** Find `name` in the `node_modules` chain from `fromDir`, as Node would. */
export async function findPackageDir(name: string, fromDir: string): Promise<string | null> {
  for (const nodeModules of nodeModulesChain(fromDir)) {
    const dir = join(nodeModules, name);
    if (kindOf(dir) === 'dir') return dir;
  }
  return null;
}

/** Locate one specifier; package names and relative paths resolve from `baseDir`. */
export async function locateExplicit(specifier: PluginSpecifier, baseDir: string): Promise<ExplicitTarget> {
  if (typeof specifier !== 'string') {
    const name = (specifier as { name?: unknown }).name;
    return { type: 'object', name: typeof name === 'string' ? name : '(unnamed plugin object)', value: specifier };
  }
  if (isPathSpecifier(specifier)) {
    const path = resolve(baseDir, specifier);
    const kind = kindOf(path);
    if (kind === 'dir') return { type: 'package', name: specifier, dir: path };
    if (kind === 'file') return { type: 'module', name: specifier, file: path };
    throw new PluginLoadError('resolve', `plugin path ${path} does not exist`, { code: ErrorCodes.pluginNotFound });
  }
  const dir = await findPackageDir(specifier, baseDir);
  if (dir === null) {
    throw new PluginLoadError(
      'resolve',
      `cannot find the package "${specifier}" in node_modules from ${baseDir} upward; install it with \`npm install ${specifier}\``,
      { code: ErrorCodes.pluginNotFound },
    );
  }
  return { type: 'package', name: specifier, dir };
}

/**
 * The `hop3.plugins` list of a host's package.json (specifiers relative to that file's
 * directory). A missing or malformed file is a host bug: it throws `HOP3_INVALID_INPUT` (`HOP3_INVALID_CONFIG`
 * is the app's hop3.toml and Procfile only).
 */
export async function readHostPluginList(packageJsonPath: string): Promise<{ baseDir: string; plugins: string[] }> {
  let parsed: { hop3?: { plugins?: unknown } };
  try {
    parsed = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as typeof parsed;
  } catch (cause) {
    throw coreError({ code: ErrorCodes.invalidInput, message: `Cannot read the host's package.json ${packageJsonPath}: ${describeError(cause)}`, cause });
  }
  const plugins = parsed?.hop3?.plugins ?? [];
  if (!Array.isArray(plugins) || plugins.some((item) => typeof item !== 'string')) {
    throw coreError({
      code: ErrorCodes.invalidInput,
      message: `${packageJsonPath}: "hop3.plugins" must be a list of package names or paths, e.g. ["hop3-plugin-builder-python"]`,
    });
  }
  return { baseDir: dirname(packageJsonPath), plugins };
}
