import { existsSync, statSync } from 'node:fs';
import { cp, readFile, readdir, realpath, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import {
  checkPluginPackage,
  describeError,
  loadPlugins,
  readPackageJson,
  runningCoreDir,
  runningCoreVersion,
  type Hop3Layout,
  type ProvidedKind,
} from '@hop3/core';
import { runCommand, withLock, writeJsonAtomic } from '@hop3/kit';
import { engineError, EngineErrorCodes } from '../errors.js';
import { linkHostCore, pluginFolder, type PluginFolder } from './plugin-folder.js';
import { PLUGIN_NAME_PATTERN } from './plugin-settings.js';

export interface PluginInstallInput {
  /** An npm package spec (`hop3-plugin-x`, `@acme/hop3-plugin@1.2.0`), a package directory, or a `.tgz` made by `npm pack`. */
  spec: string;
  /** Where a relative path resolves from (default `process.cwd()`). */
  cwd?: string;
}

export interface PluginInstallResult {
  name: string;
  version: string | undefined;
  /** Where it is installed (a copy, never a link to the source). */
  path: string;
  strategies: Record<ProvidedKind, string[]>;
  /** The publisher's slips that did not stop it (a missing peer range, an unknown key). */
  warnings: string[];
}

export interface PluginUninstallResult {
  name: string;
  uninstalled: true;
}

type SpecKind = { type: 'path'; path: string } | { type: 'tarball'; path: string } | { type: 'registry'; spec: string };

// `name`, `@scope/name`, each with an optional `@version-or-range-or-tag`.
const REGISTRY_SPEC = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*(@[A-Za-z0-9._^~<>=*+ |-]+)?$/;

function refused(message: string, details: Record<string, unknown> = {}): never {
  throw engineError({ code: EngineErrorCodes.pluginRefused, message, details });
}

/** What the user named: checked before anything is written (npm never sees an option or a shell string). */
function classify(input: PluginInstallInput): SpecKind {
  const spec = input.spec.trim();
  if (spec === '' || spec.startsWith('-')) {
    throw engineError({
      code: EngineErrorCodes.invalidInput,
      message: `"${spec}" is not a plugin to install: give an npm package name (hop3-plugin-x), a package directory or a .tgz made by \`npm pack\`.`,
    });
  }
  const path = isAbsolute(spec) ? spec : resolve(input.cwd ?? process.cwd(), spec);
  const looksLikePath = spec.startsWith('.') || spec.startsWith('/') || spec.endsWith('.tgz') || spec.endsWith('.tar.gz');
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats?.isDirectory() && (looksLikePath || !REGISTRY_SPEC.test(spec))) return { type: 'path', path };
  if (stats?.isFile() && /\.(tgz|tar\.gz)$/.test(spec)) return { type: 'tarball', path };
  if (looksLikePath) {
    throw engineError({
      code: EngineErrorCodes.invalidInput,
      message: `${path} ${stats ? 'is not a package directory or a .tgz file' : 'does not exist'}: give a plugin's package directory, a .tgz made by \`npm pack\`, or an npm package name.`,
    });
  }
  if (!REGISTRY_SPEC.test(spec)) {
    throw engineError({ code: EngineErrorCodes.invalidInput, message: `"${spec}" is not an npm package name: e.g. hop3-plugin-builder-ruby or @acme/hop3-plugin@1.2.0.` });
  }
  // npm would look the name up on the registry: say so rather than fail there with E404.
  if (stats?.isDirectory()) {
    throw engineError({
      code: EngineErrorCodes.invalidInput,
      message: `"${spec}" is a directory here, and npm would read it as a package name on the registry: write ./${spec} to install the directory (run the command from another directory for the npm package).`,
    });
  }
  return { type: 'registry', spec };
}

async function dependencies(project: string): Promise<Record<string, string>> {
  try {
    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    return pkg.dependencies ?? {};
  } catch {
    return {};
  }
}

/** The package name npm added or changed in package.json (a tarball's name is known only after). */
function installedName(kind: SpecKind, before: Record<string, string>, after: Record<string, string>, pathName: string | undefined): string {
  if (pathName !== undefined) return pathName;
  if (kind.type === 'registry') return kind.spec.replace(/^(@?[^@]+)@.*$/, '$1');
  const changed = Object.keys(after).filter((name) => before[name] !== after[name]);
  if (changed.length !== 1) refused(`cannot tell which package ${kind.path} installed (package.json changed: ${changed.join(', ') || 'nothing'})`);
  return changed[0]!;
}

async function npm(args: string[], cwd: string, what: string): Promise<void> {
  // --legacy-peer-deps: npm must not install a core of its own for the plugin's peer dependency
  // (the host's core is linked beside the project). --install-links: a path is copied, not
  // linked (a linked plugin resolves `@hop3/core` from its source tree, not from here).
  const result = await runCommand('npm', [...args, '--legacy-peer-deps', '--install-links', '--no-audit', '--no-fund', '--no-update-notifier'], {
    cwd,
    allowFailure: true,
    timeoutMs: 10 * 60_000,
    tailLines: 15,
  });
  if (result.exitCode !== 0) {
    const tail = result.stderr.split('\n').filter((line) => line.trim() !== '').slice(-12).join('\n');
    throw engineError({
      code: EngineErrorCodes.pluginInstallFailed,
      message: `npm could not ${what} (exit ${result.exitCode}); the plugin folder is unchanged:\n${tail}`,
      details: { exitCode: result.exitCode },
    });
  }
}

/** The folder's npm project copied beside it: npm works on the copy, which replaces the original only when all is well. */
async function stage(folder: PluginFolder): Promise<string> {
  await recoverInterruptedSwap(folder);
  await linkHostCore(folder);
  const staged = join(folder.dir, `.stage-${process.pid}-${Date.now()}`);
  if (existsSync(folder.project)) await cp(folder.project, staged, { recursive: true, verbatimSymlinks: true });
  else await writeJsonAtomic(join(staged, 'package.json'), { name: 'hop3-host-plugins', private: true, description: 'Plugins installed with `hop3 plugins install`', dependencies: {} });
  return staged;
}

/** Replace the project by the staged copy: two renames on one filesystem, the old copy removed after. */
async function commit(folder: PluginFolder, staged: string): Promise<void> {
  const old = join(folder.dir, `.old-${process.pid}-${Date.now()}`);
  if (existsSync(folder.project)) await rename(folder.project, old);
  await rename(staged, folder.project);
  await rm(old, { recursive: true, force: true });
}

/** A command killed between the two renames of {@link commit} left the previous project as `.old-*`: put it back. */
async function recoverInterruptedSwap(folder: PluginFolder): Promise<void> {
  const entries = await readdir(folder.dir).catch(() => [] as string[]);
  const old = entries.filter((entry) => entry.startsWith('.old-')).sort().at(-1);
  if (!existsSync(folder.project) && old !== undefined) await rename(join(folder.dir, old), folder.project);
  for (const entry of entries) {
    if ((entry.startsWith('.old-') && entry !== old) || entry.startsWith('.stage-')) await rm(join(folder.dir, entry), { recursive: true, force: true });
  }
}

/**
 * Everything `plugins install` checks before the copy goes live: a hop3 plugin for this core
 * (apiVersion, the peer range), a manifest that matches its hooks, a module that imports and
 * validates, and `@hop3/core` resolving to the host's own core.
 */
async function checkStagedPlugin(dir: string, name: string): Promise<Omit<PluginInstallResult, 'path'>> {
  const pkg = await readPackageJson(dir).catch((error: unknown) => refused(`${name}: ${describeError(error)}`));
  const check = checkPluginPackage(pkg, runningCoreVersion(), { requireHop3Field: true });
  if (check.incompatibility !== null) refused(`${name} cannot be used by this host: ${check.incompatibility}. Nothing was installed.`, { plugin: name });
  if (check.problem !== null) refused(`${name} has a malformed manifest: ${check.problem}. Nothing was installed.`, { plugin: name });
  let resolvedCore: string | undefined;
  try {
    resolvedCore = await realpath(resolve(createRequire(join(dir, 'package.json')).resolve('@hop3/core/package.json'), '..'));
  } catch {
    resolvedCore = undefined; // nothing named @hop3/core is reachable: the link is checked below
  }
  const hostCore = await realpath(runningCoreDir());
  // A copy inside the package (dist/node_modules, a nested dependency) wins over the host's
  // for the modules below it, whatever the package root resolves.
  const bundled = await bundledCores(dir);
  if (bundled.length > 0) {
    refused(
      `${name} carries its own @hop3/core (${bundled.map((path) => join(dir, path)).join(', ')}), which its modules would load instead of the host's (${hostCore}). ` +
        'Declare @hop3/core as a peer dependency and do not ship a copy of it. Nothing was installed.',
      { plugin: name },
    );
  }
  if (resolvedCore !== hostCore) {
    refused(
      `${name} would load ${resolvedCore ? `a second @hop3/core (${resolvedCore})` : 'no @hop3/core'} instead of the host's (${hostCore}). ` +
        'A plugin (and each of its dependencies) must declare @hop3/core as a peer dependency, not a dependency. Nothing was installed.',
      { plugin: name },
    );
  }
  const { report } = await loadPlugins({ cwd: dir, discover: false, plugins: [dir], importAll: true });
  const failure = report.failed[0] ?? report.skipped[0];
  if (failure) {
    refused(`${name} does not load (${'phase' in failure ? `${failure.phase}: ${failure.error.message}` : failure.reason}). Nothing was installed.`, { plugin: name });
  }
  const loaded = report.loaded[0]!;
  return { name, version: loaded.version, strategies: loaded.strategies, warnings: [...check.warnings] };
}

/** `node_modules/@hop3/core` directories inside a package (relative paths). */
async function bundledCores(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((path) => /(^|\/)node_modules\/@hop3\/core$/.test(path));
}

/**
 * Install a plugin into the host's plugin folder (`$HOP3_ROOT/plugins`), through npm, as a copy.
 * The folder changes only when npm succeeded and the plugin passed {@link checkStagedPlugin}: a
 * refused or failed install leaves it as it was. Holds the plugin folder's lock.
 */
export async function installPlugin(layout: Hop3Layout, input: PluginInstallInput): Promise<PluginInstallResult> {
  const kind = classify(input);
  const pathName = kind.type === 'path' ? await packageNameAt(kind.path) : undefined;
  const folder = pluginFolder(layout);
  return withLock(join(layout.runDir, 'locks', 'plugins.lock'), async () => {
    const staged = await stage(folder);
    try {
      const before = await dependencies(staged);
      await npm(['install', '--save', kind.type === 'registry' ? kind.spec : kind.path], staged, `install ${input.spec}`);
      const name = installedName(kind, before, await dependencies(staged), pathName);
      const result = await checkStagedPlugin(join(staged, 'node_modules', name), name);
      await commit(folder, staged);
      return { ...result, path: join(folder.project, 'node_modules', name) };
    } finally {
      await rm(staged, { recursive: true, force: true });
    }
  });
}

async function packageNameAt(dir: string): Promise<string> {
  const pkg = await readPackageJson(dir).catch((error: unknown) => refused(`${dir} is not a package: ${describeError(error)}`));
  if (typeof pkg.name !== 'string' || !PLUGIN_NAME_PATTERN.test(pkg.name)) refused(`${dir}/package.json has no valid "name": a plugin is an npm package`);
  return pkg.name;
}

/** The packages in the plugin folder, by name → the spec they were installed from. */
export async function installedPlugins(layout: Hop3Layout): Promise<Record<string, string>> {
  return dependencies(pluginFolder(layout).project);
}

/** Remove a plugin from the plugin folder (through npm, on a copy, like install). */
export async function uninstallPlugin(layout: Hop3Layout, name: string): Promise<PluginUninstallResult> {
  const folder = pluginFolder(layout);
  return withLock(join(layout.runDir, 'locks', 'plugins.lock'), async () => {
    const installed = await installedPlugins(layout);
    if (!(name in installed)) {
      const names = Object.keys(installed);
      throw engineError({
        code: EngineErrorCodes.pluginNotInstalled,
        message: `"${name}" is not installed in ${folder.project}. Installed: ${names.length > 0 ? names.join(', ') : '(none)'}. ` +
          '(A plugin found from the current directory or shipped with hop3 can be disabled with `hop3 plugins disable <name>`.)',
        details: { plugin: name },
      });
    }
    const staged = await stage(folder);
    try {
      await npm(['uninstall', '--save', name], staged, `uninstall ${name}`);
      await commit(folder, staged);
      return { name, uninstalled: true };
    } finally {
      await rm(staged, { recursive: true, force: true });
    }
  });
}
