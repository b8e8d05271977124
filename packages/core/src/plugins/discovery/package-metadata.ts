import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../../errors/hop3-error.js';
import { SUPPORTED_API_VERSIONS } from '../define-plugin.js';
import { isValidRange, satisfies } from '../semver.js';
import { PluginLoadError } from './load-error.js';

/** The package.json fields discovery reads. */
export interface PackageJson {
  name?: unknown;
  version?: unknown;
  main?: unknown;
  exports?: unknown;
  hop3?: unknown;
  peerDependencies?: unknown;
}

/** Read `<dir>/package.json` by path (never through `exports`: many packages do not export it). */
export async function readPackageJson(dir: string): Promise<PackageJson> {
  const path = join(dir, 'package.json');
  let text: string;
  try {
    // Sync on purpose: package.json files are tiny, and fs/promises costs several thread-pool
    // round trips per file, which dominates on a busy machine.
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new PluginLoadError('metadata', missing ? `no package.json in ${dir}` : `cannot read ${path}: ${describeError(cause)}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new PluginLoadError('metadata', `malformed package.json (${path}): ${describeError(cause)}`, { cause });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PluginLoadError('metadata', `malformed package.json (${path}): expected a JSON object`);
  }
  return parsed as PackageJson;
}

export function packageVersion(pkg: PackageJson): string | undefined {
  return typeof pkg.version === 'string' ? pkg.version : undefined;
}

/**
 * Why this package cannot be loaded by the running core, or `null` when it can. Checked from
 * package.json alone, before anything is imported. Explicitly listed packages may omit the
 * `hop3` field (the host vouches for them); discovered ones must declare it.
 */
export function incompatibility(pkg: PackageJson, coreVersion: string, options: { requireHop3Field: boolean }): string | null {
  if (pkg.hop3 === undefined) {
    if (options.requireHop3Field) return 'not a hop3 plugin: no "hop3" field in package.json';
  } else {
    const hop3 = pkg.hop3 as { apiVersion?: unknown } | null;
    if (hop3 === null || typeof hop3 !== 'object') return 'invalid "hop3" field in package.json: expected an object like { "apiVersion": 1 }';
    if (!SUPPORTED_API_VERSIONS.includes(hop3.apiVersion as number)) {
      return (
        `plugin API version ${JSON.stringify(hop3.apiVersion) ?? 'missing'} (package.json hop3.apiVersion) is not supported: ` +
        `@hop3/core ${coreVersion} speaks API version ${SUPPORTED_API_VERSIONS.join(', ')}`
      );
    }
  }
  const peers = pkg.peerDependencies as Record<string, unknown> | undefined;
  const range = peers && typeof peers === 'object' ? peers['@hop3/core'] : undefined;
  if (range === undefined) return null;
  if (typeof range !== 'string' || !isValidRange(range)) {
    return `peerDependencies["@hop3/core"] ${JSON.stringify(range)} is not a version range this core understands`;
  }
  if (!satisfies(coreVersion, range)) {
    return `needs @hop3/core ${range} (peerDependencies), but the running core is ${coreVersion}`;
  }
  return null;
}
