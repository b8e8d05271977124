import { createHash } from 'node:crypto';
import { hashFiles } from '@hop3/kit';

/** Bump when the inputs change meaning, so old cache entries never match. */
const KEY_SCHEME = 'hop3-node-modules/1';

/** Files besides the lockfile that change what an install produces. */
export const INSTALL_CONFIG_FILES = ['.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs', 'pnpm-workspace.yaml'] as const;

export interface CacheKeyInput {
  sourceDir: string;
  lockfile: string | null;
  /** package.json's dependency fields (package.json itself also holds scripts and metadata, which do not matter). */
  dependencyFields: Record<string, unknown>;
  packageManager: string;
  packageManagerVersion: string;
  nodeVersion: string;
  arch: string;
  platform: string;
  /** The install's flags and variant (`full` keeps dev dependencies, `prod` is pruned). */
  variant: string;
  /** npm/yarn/pnpm settings from the host's and the app's env (`npm_config_*`, `YARN_*`…). */
  settings: Record<string, string>;
}

/** A stable JSON text (sorted keys), so equal inputs give equal keys. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stable((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The package-manager settings in an env that change what an install produces. */
export function installSettingsOf(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => /^(npm_config_|NPM_CONFIG_|YARN_|PNPM_|pnpm_config_)/.test(key)));
}

/**
 * The content hash that names a node_modules tree in the cache: the lockfile, package.json's
 * dependency fields, the package manager and its version, the Node version (native modules are
 * built for its ABI), the platform and arch, the install variant, the package managers' config
 * files and settings. Any change gives a new key, so a stale tree is never reused.
 */
export async function computeCacheKey(input: CacheKeyInput): Promise<string> {
  const files = await hashFiles(input.sourceDir, [...(input.lockfile === null ? [] : [input.lockfile]), ...INSTALL_CONFIG_FILES]);
  const facts = {
    scheme: KEY_SCHEME,
    files,
    lockfile: input.lockfile,
    dependencies: input.dependencyFields,
    packageManager: `${input.packageManager}@${input.packageManagerVersion}`,
    node: input.nodeVersion,
    platform: `${input.platform}-${input.arch}`,
    variant: input.variant,
    settings: input.settings,
  };
  return createHash('sha256').update(stable(facts)).digest('hex');
}
