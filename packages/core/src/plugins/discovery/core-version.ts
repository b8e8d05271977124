import { readFileSync } from 'node:fs';
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
