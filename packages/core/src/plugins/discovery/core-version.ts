import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The running `@hop3/core` version, read once from core's own package.json (same relative
 * location from `src/` and `dist/`), only when a caller did not pass one.
 */
export function runningCoreVersion(): string {
  if (cached === undefined) {
    const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cached = typeof packageJson.version === 'string' ? packageJson.version : '0.0.0';
  }
  return cached;
}
