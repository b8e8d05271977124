import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ErrorCodes } from '../errors/codes.js';
import { SAFE_NAME_RULE, isSafeName } from '../data/names.js';
import { coreError } from '../errors/core-error.js';

/** The directories of one app under HOP3_ROOT. */
export interface AppPaths {
  root: string;
  src: string;
  venv: string;
  log: string;
  data: string;
  /** The host's JSON record of the app. */
  state: string;
}

/**
 * Where everything lives under HOP3_ROOT. Pure path arithmetic: nothing is created here.
 * Names are validated so a path can never escape the root.
 */
export interface Hop3Layout {
  readonly root: string;
  readonly appsDir: string;
  readonly nginxDir: string;
  readonly uwsgiDir: string;
  readonly uwsgiEnabledDir: string;
  readonly uwsgiAvailableDir: string;
  readonly certsDir: string;
  readonly runDir: string;
  readonly cacheDir: string;
  /** The host's plugin folder (`hop3 plugins install`): an npm project in `installed/`, the host's core linked beside it. */
  readonly pluginsDir: string;
  /** The host's own settings (the plugin deny list and preferences), JSON. */
  readonly settingsFile: string;
  app(name: string): AppPaths;
  addonDir(type: string): string;
  backupDir(type: string, name?: string): string;
}

function checkName(name: string, what: string): string {
  if (!isSafeName(name)) {
    throw coreError({
      code: ErrorCodes.invalidInput,
      message: `Invalid ${what} "${name}": ${SAFE_NAME_RULE}`,
      details: { [what.replace(/ .*/, '')]: name },
    });
  }
  return name;
}

export function createLayout(root: string): Hop3Layout {
  const base = resolve(root);
  const apps = join(base, 'apps');
  const uwsgi = join(base, 'uwsgi');
  return {
    root: base,
    appsDir: apps,
    nginxDir: join(base, 'nginx'),
    uwsgiDir: uwsgi,
    uwsgiEnabledDir: join(uwsgi, 'enabled'),
    uwsgiAvailableDir: join(uwsgi, 'available'),
    certsDir: join(base, 'certs'),
    runDir: join(base, 'run'),
    cacheDir: join(base, 'cache'),
    pluginsDir: join(base, 'plugins'),
    settingsFile: join(base, 'settings.json'),
    app(name) {
      const dir = join(apps, checkName(name, 'app name'));
      return {
        root: dir,
        src: join(dir, 'src'),
        venv: join(dir, 'venv'),
        log: join(dir, 'log'),
        data: join(dir, 'data'),
        state: join(dir, 'app.json'),
      };
    },
    addonDir(type) {
      return join(base, 'addons', checkName(type, 'addon type'));
    },
    backupDir(type, name) {
      const dir = join(base, 'backups', checkName(type, 'addon type'));
      return name === undefined ? dir : join(dir, checkName(name, 'service name'));
    },
  };
}

export interface RootResolutionInput {
  env?: Readonly<Record<string, string | undefined>>;
  isRoot?: boolean;
  home?: string;
  exists?: (path: string) => boolean;
}

/**
 * HOP3_ROOT when set; `/home/hop3` for root on a provisioned server (that directory exists);
 * otherwise `~/.hop3`.
 */
export function resolveHop3Root(input: RootResolutionInput = {}): string {
  const env = input.env ?? process.env;
  const fromEnv = env.HOP3_ROOT;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const isRoot = input.isRoot ?? process.getuid?.() === 0;
  const exists = input.exists ?? existsSync;
  if (isRoot && exists('/home/hop3')) return '/home/hop3';
  return join(input.home ?? homedir(), '.hop3');
}
