import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isBuildHookKind, isWebKind, type AppConfig } from '@hop3/core';
import { NodeBuildErrorCodes, nodeError } from './errors.js';
import type { PackageJson } from './package-json.js';

/**
 * The web command the app runs with when its config declares none: package.json's `start`
 * script (run as written, as `npm start` would, but without npm in between so signals reach the
 * app), else `node server.js` when that file exists (Heroku's defaults). null when the app
 * declares its web process (Procfile `web:`, `[run] start`) or runs only background workers.
 * An app with neither is refused before anything is installed.
 */
export function defaultWebCommand(config: AppConfig, pkg: PackageJson, sourceDir: string): string | null {
  const kinds = Object.keys(config.workers).filter((kind) => !isBuildHookKind(kind) && kind !== 'release');
  if (kinds.some((kind) => isWebKind(kind) || kind === 'static')) return null;
  const start = pkg.scripts.start?.trim();
  if (start !== undefined && start !== '') {
    // It becomes a uWSGI config line, as a Procfile command does.
    if (/[\r\n\0]/.test(start)) {
      throw nodeError({
        code: NodeBuildErrorCodes.badPackageJson,
        message: `package.json: scripts.start must be one line to run as the web process. Set the web process in the Procfile or [run] start instead.`,
        details: { script: 'start' },
      });
    }
    return start;
  }
  if (existsSync(join(sourceDir, 'server.js'))) return 'node server.js';
  if (kinds.length > 0) return null; // background workers only: nothing to serve
  throw nodeError({
    code: NodeBuildErrorCodes.noStartCommand,
    message: 'The app has no start command: add "scripts": { "start": "node server.js" } to package.json, a "web: <command>" line to the Procfile, or start = "<command>" under [run] in hop3.toml.',
  });
}
