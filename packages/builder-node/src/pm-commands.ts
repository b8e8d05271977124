import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PackageManagerChoice, PackageManagerName } from './package-manager.js';
import type { NodeBuildSettings } from './settings.js';
import type { SystemTools } from './system-node.js';
import { ensureTool, type ToolContext } from './tool-cache.js';

/** A program run: the system node running a package manager's CLI script, with arguments. */
export interface Invocation {
  command: string;
  args: string[];
}

/** How to drive one package manager at one version. */
export interface PackageManagerTool {
  name: PackageManagerName;
  flavor: 'classic' | 'berry' | null;
  version: string;
  /** Dirs to put on PATH so scripts that call `pnpm` or `yarn` find this one (empty for npm). */
  binDirs: string[];
  /** Variables the package manager needs (cache dirs, non-interactive settings). */
  env: Record<string, string>;
  /** The install, frozen when there is a lockfile; `label` is the step's name. */
  install(frozen: boolean): Invocation & { label: string };
  /** Remove dev dependencies from an installed tree. */
  prune(): Invocation & { label: string };
  /** Run a package.json script. */
  runScript(name: string): Invocation;
}

function npmVersion(npmCli: string): string {
  try {
    return (JSON.parse(readFileSync(join(dirname(dirname(npmCli)), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function npmTool(system: SystemTools, settings: NodeBuildSettings): PackageManagerTool {
  const run = (args: string[]): Invocation => ({ command: system.node.bin, args: [system.npmCli, ...args] });
  const common = ['--no-audit', '--no-fund', '--prefer-offline', '--cache', settings.npmCache];
  return {
    name: 'npm',
    flavor: null,
    version: npmVersion(system.npmCli),
    binDirs: [],
    env: { npm_config_cache: settings.npmCache, npm_config_update_notifier: 'false' },
    install: (frozen) => (frozen ? { label: 'npm ci', ...run(['ci', '--include=dev', ...common]) } : { label: 'npm install', ...run(['install', '--include=dev', ...common]) }),
    prune: () => ({ label: 'npm prune --omit=dev', ...run(['prune', '--omit=dev', ...common]) }),
    runScript: (name) => run(['run', name]),
  };
}

/** The npm package each pnpm/yarn flavour ships as, and its CLI script. */
const SHIPPED: Record<'pnpm' | 'classic' | 'berry', { packageName: string; script: string }> = {
  pnpm: { packageName: 'pnpm', script: 'bin/pnpm.cjs' },
  classic: { packageName: 'yarn', script: 'bin/yarn.js' },
  berry: { packageName: '@yarnpkg/cli-dist', script: 'bin/yarn.js' },
};

/**
 * The package manager that installs the app: the system npm, or pnpm/yarn installed with npm
 * into the tool cache at the version `packageManager` pins (not through corepack, whose signature
 * checks fail against registries without signed metadata, and which Node 25 no longer ships).
 */
export async function preparePackageManager(context: ToolContext, choice: PackageManagerChoice): Promise<PackageManagerTool> {
  const { settings, system } = context;
  if (choice.name === 'npm') return npmTool(system, settings);
  const shipped = SHIPPED[choice.name === 'pnpm' ? 'pnpm' : (choice.flavor ?? 'classic')];
  const key = `${shipped.packageName.replace('/', '+')}@${choice.request}`;
  const tool = await ensureTool(context, choice.name, key, shipped.packageName, choice.request ?? 'latest');
  const script = join(tool.packageDir, shipped.script);
  const run = (args: string[]): Invocation => ({ command: system.node.bin, args: [script, ...args] });
  const binDirs = [join(tool.dir, 'node_modules', '.bin')];
  if (choice.name === 'pnpm') {
    return {
      name: 'pnpm',
      flavor: null,
      version: tool.version,
      binDirs,
      // pnpm must not fetch another pnpm for a packageManager field: this one is the pinned version.
      env: { npm_config_store_dir: settings.pnpmStore, npm_config_manage_package_manager_versions: 'false', npm_config_update_notifier: 'false' },
      install: (frozen) => ({ label: `pnpm install${frozen ? ' --frozen-lockfile' : ''}`, ...run(['install', ...(frozen ? ['--frozen-lockfile'] : []), '--prod=false', '--prefer-offline', '--store-dir', settings.pnpmStore]) }),
      prune: () => ({ label: 'pnpm prune --prod', ...run(['prune', '--prod']) }),
      runScript: (name) => run(['run', name]),
    };
  }
  if (choice.flavor === 'berry') {
    return {
      name: 'yarn',
      flavor: 'berry',
      version: tool.version,
      binDirs,
      // node_modules (not Plug'n'Play), so the app runs with plain `node` and the tree can be cached.
      env: { YARN_NODE_LINKER: 'node-modules', YARN_ENABLE_GLOBAL_CACHE: 'true', YARN_GLOBAL_FOLDER: join(settings.yarnCache, 'berry'), YARN_ENABLE_TELEMETRY: '0', YARN_ENABLE_PROGRESS_BARS: 'false' },
      install: (frozen) => ({ label: `yarn install${frozen ? ' --immutable' : ''}`, ...run(['install', ...(frozen ? ['--immutable'] : [])]) }),
      prune: () => ({ label: 'yarn workspaces focus --all --production', ...run(['workspaces', 'focus', '--all', '--production']) }),
      runScript: (name) => run(['run', name]),
    };
  }
  const cache = ['--cache-folder', join(settings.yarnCache, 'classic'), '--non-interactive', '--prefer-offline'];
  return {
    name: 'yarn',
    flavor: 'classic',
    version: tool.version,
    binDirs,
    env: { YARN_CACHE_FOLDER: join(settings.yarnCache, 'classic') },
    install: (frozen) => ({ label: `yarn install${frozen ? ' --frozen-lockfile' : ''}`, ...run(['install', ...(frozen ? ['--frozen-lockfile'] : []), '--production=false', ...cache]) }),
    // Yarn 1 has no prune: a production install over the tree removes the dev dependencies.
    prune: () => ({ label: 'yarn install --production', ...run(['install', '--frozen-lockfile', '--production=true', '--ignore-scripts', ...cache]) }),
    runScript: (name) => run(['run', name]),
  };
}
