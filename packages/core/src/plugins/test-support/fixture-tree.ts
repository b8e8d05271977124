import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Hooks of a fixture plugin: kind → strategy names, or `'throw'` to make the hook throw. */
export interface FixtureHooks {
  getBuilders?: string[] | 'throw';
  getDeployers?: string[] | 'throw';
  getAddons?: string[] | 'throw';
  getProxies?: string[] | 'throw';
  getOSImplementations?: string[] | 'throw';
  getServices?: string[] | 'throw';
}

/**
 * Source of a plain ESM plugin module (fixtures live in temp dirs and cannot import
 * `@hop3/core`, so they export unbranded objects).
 */
export function pluginModuleSource(name: string, hooks: FixtureHooks = {}, extra = ''): string {
  const hookLines = Object.entries(hooks).map(([hook, names]) => {
    if (names === 'throw') return `    ${hook}() { throw new Error(${JSON.stringify(`${hook} exploded`)}); },`;
    const entries = (names as string[]).map((n) =>
      hook === 'getServices'
        ? `{ name: ${JSON.stringify(n)}, start() {}, stop() {}, status: () => ({ running: false }) }`
        : `{ name: ${JSON.stringify(n)}, create: (...args) => ({ name: ${JSON.stringify(n)}, args }) }`,
    );
    return `    async ${hook}() { return [${entries.join(', ')}]; },`;
  });
  return `${extra}\nexport default {\n  name: ${JSON.stringify(name)},\n  apiVersion: 1,\n  hooks: {\n${hookLines.join('\n')}\n  },\n};\n`;
}

export interface FixturePackage {
  name: string;
  version?: string;
  /** package.json `hop3` field; `false` leaves it out. Default `{ apiVersion: 1 }`. */
  hop3?: unknown;
  /** `peerDependencies['@hop3/core']`. */
  coreRange?: string;
  /** Extra package.json fields (`exports`, `main`…). */
  packageJson?: Record<string, unknown>;
  /** Raw package.json text, written as is (for malformed files). */
  rawPackageJson?: string;
  /** Files relative to the package dir. Default: `index.js` exporting a plugin named like the package. */
  files?: Record<string, string>;
  hooks?: FixtureHooks;
}

/** A temp directory with helpers to lay out real `node_modules` trees. */
export interface FixtureTree {
  root: string;
  path(...parts: string[]): string;
  /** Write a package into `<root>/<nodeModulesDir>/<name>`; returns its directory. */
  addPackage(nodeModulesDir: string, pkg: FixturePackage): Promise<string>;
  /** Write a package at `<root>/<dir>` (not in node_modules, e.g. a workspace). */
  addPackageAt(dir: string, pkg: FixturePackage): Promise<string>;
  /** Symlink `<root>/<nodeModulesDir>/<name>` → `<root>/<targetDir>`, like npm workspaces. */
  link(nodeModulesDir: string, name: string, targetDir: string): Promise<void>;
  writeFile(relativePath: string, content: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createFixtureTree(prefix = 'hop3-plugins-'): Promise<FixtureTree> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const path = (...parts: string[]) => join(root, ...parts);

  async function writeAt(relativePath: string, content: string): Promise<string> {
    const file = path(relativePath);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  }

  async function addPackageAt(dir: string, pkg: FixturePackage): Promise<string> {
    const packageJson = pkg.rawPackageJson ?? JSON.stringify({
      name: pkg.name,
      version: pkg.version ?? '1.0.0',
      type: 'module',
      ...(pkg.hop3 === false ? {} : { hop3: pkg.hop3 ?? { apiVersion: 1 } }),
      ...(pkg.coreRange ? { peerDependencies: { '@hop3/core': pkg.coreRange } } : {}),
      ...pkg.packageJson,
    }, null, 2);
    await writeAt(join(dir, 'package.json'), packageJson);
    const files = pkg.files ?? { 'index.js': pluginModuleSource(pkg.name, pkg.hooks ?? { getBuilders: [] }) };
    for (const [file, content] of Object.entries(files)) await writeAt(join(dir, file), content);
    return path(dir);
  }

  return {
    root,
    path,
    addPackage: (nodeModulesDir, pkg) => addPackageAt(join(nodeModulesDir, pkg.name), pkg),
    addPackageAt,
    async link(nodeModulesDir, name, targetDir) {
      const linkPath = path(nodeModulesDir, name);
      await mkdir(dirname(linkPath), { recursive: true });
      await symlink(path(targetDir), linkPath, 'dir');
    },
    writeFile: writeAt,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
