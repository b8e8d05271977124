import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ownPackageJsonPath } from '../../util/own-package-json.js';

let cached: string | undefined;

/**
 * The running `@hop3/core` version, read once from core's own package.json, only when a caller
 * did not pass one.
 */
export function runningCoreVersion(): string {
  if (cached === undefined) {
    const packageJson = JSON.parse(readFileSync(ownPackageJsonPath(import.meta.url), 'utf8')) as { version?: unknown };
    cached = typeof packageJson.version === 'string' ? packageJson.version : '0.0.0';
  }
  return cached;
}

/**
 * The directory of the running `@hop3/core` package. Hosts make it visible to plugins installed
 * outside their own tree, so those plugins import this very core, not a second copy.
 */
export function runningCoreDir(): string {
  return dirname(ownPackageJsonPath(import.meta.url));
}
