import { realpath } from 'node:fs/promises';
import { now } from '../../util/now.js';
import { join, resolve } from 'node:path';
import { describeError } from '../../errors/hop3-error.js';
import { emptyByKind, HOOK_KINDS } from '../hook-kinds.js';
import type { HookName } from '../define-plugin.js';
import { PluginManager } from '../plugin-manager.js';
import { ErrorCodes } from '../../errors/codes.js';
import type { PluginContributions } from '../resolve-hooks.js';
import { runningCoreVersion } from './core-version.js';
import { locateExplicit, readHostPluginList, type ExplicitTarget, type PluginSpecifier } from './explicit.js';
import { PluginLoadError } from './load-error.js';
import { loadOne, type LoadOutcome, type LoadTask } from './load-one.js';
import type { DuplicatePlugin, FailedPlugin, LoadReport, LoadedPlugin, PluginWarning, SkippedPlugin } from './load-report.js';
import { readPackageJson } from './package-metadata.js';
import { scanForPlugins, scanNodeModules, type PluginCandidate } from './scan.js';

export interface LoadPluginsOptions {
  /** Where discovery starts and relative `plugins` paths resolve from (default `process.cwd()`). */
  cwd?: string;
  /** Scan `node_modules` from `cwd` upward (default true). */
  discover?: boolean;
  /**
   * Plugin folders of the host (each a directory with its own package.json and `node_modules`,
   * e.g. `$HOP3_ROOT/plugins` that `hop3 plugins install` fills): their `node_modules` is scanned
   * whatever `discover` and `cwd` say, and a package found there wins over a copy found from `cwd`.
   */
  pluginDirs?: readonly string[];
  /** Explicit plugins, registered first in this order: package names, paths, or plugin objects. */
  plugins?: readonly PluginSpecifier[];
  /** When set, only these discovered packages are loaded (explicit plugins are always allowed). */
  allow?: readonly string[];
  /** Packages (or plugin names) never loaded, explicit or discovered. */
  deny?: readonly string[];
  /** `"kind:name"` → plugin: which plugin's strategy wins when several provide the name (resolves the conflict). */
  prefer?: Readonly<Record<string, string>>;
  /**
   * Import every plugin now, also those whose package.json declares `hop3.provides` (imported on
   * first use otherwise), so the report shows every import failure. For diagnostics (`hop3 plugins`).
   */
  importAll?: boolean;
  /** A host package.json whose `hop3.plugins` list is loaded as explicit plugins, after `plugins`. */
  hostPackageJson?: string;
  /** The core version peer ranges are checked against (default: this core's package.json). */
  coreVersion?: string;
  /** How modules are imported (default native `import()`); benchmarks pass a cache-busting one. */
  importModule?: (url: string) => Promise<unknown>;
}

export interface LoadPluginsResult {
  manager: PluginManager;
  report: LoadReport;
}

const since = (start: number) => Math.round((now() - start) * 1000) / 1000;

async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

function targetPath(target: ExplicitTarget): string {
  return target.type === 'package' ? target.dir : target.type === 'module' ? target.file : '<inline>';
}

/** The package name an explicit target will load under (path specifiers: from its package.json). */
async function explicitPackageName(target: ExplicitTarget): Promise<string> {
  if (target.type !== 'package' || !/^[./]/.test(target.name)) return target.name;
  try {
    const pkg = await readPackageJson(target.dir);
    return typeof pkg.name === 'string' ? pkg.name : target.name;
  } catch {
    return target.name; // the load itself reports the bad package.json
  }
}

function duplicateOf(name: string, loadedPath: string, ignoredPath: string): DuplicatePlugin {
  return {
    name,
    paths: [loadedPath, ignoredPath],
    message: `"${name}" is installed twice: loaded ${loadedPath}, ignored ${ignoredPath}. Remove one copy (npm dedupe).`,
  };
}

function cloneNames(names: LoadedPlugin['strategies']): LoadedPlugin['strategies'] {
  const copy = emptyByKind<string>();
  for (const kind of Object.keys(copy) as (keyof typeof copy)[]) copy[kind] = [...names[kind]];
  return copy;
}

function strategyNames(contributions: PluginContributions): LoadedPlugin['strategies'] {
  const names = emptyByKind<string>();
  for (const [hook, entries] of Object.entries(contributions.byHook) as [HookName, { name: string }[]][]) {
    names[HOOK_KINDS[hook]].push(...entries.map((entry) => entry.name));
  }
  return names;
}

/**
 * Load the host's plugins: explicit ones first, then (unless `discover: false`) every
 * compatible `hop3-plugin-*` package visible from `cwd`. Never throws for a plugin's fault:
 * each failure is in the report with its phase, and the other plugins still load.
 */
export async function loadPlugins(options: LoadPluginsOptions = {}): Promise<LoadPluginsResult> {
  const started = now();
  const cwd = resolve(options.cwd ?? process.cwd());
  const deny = new Set(options.deny ?? []);
  const allow = options.allow ? new Set(options.allow) : undefined;
  const skipped: SkippedPlugin[] = [];
  const failed: FailedPlugin[] = [];
  const duplicates: DuplicatePlugin[] = [];

  const specifiers = (options.plugins ?? []).map((specifier) => ({ specifier, baseDir: cwd }));
  if (options.hostPackageJson) {
    const host = await readHostPluginList(resolve(cwd, options.hostPackageJson));
    specifiers.push(...host.plugins.map((specifier) => ({ specifier, baseDir: host.baseDir })));
  }

  let scanMs = 0;
  const scan = async (): Promise<PluginCandidate[]> => {
    if (options.discover === false) return [];
    const scanStarted = now();
    const candidates = await scanForPlugins(cwd);
    scanMs = since(scanStarted);
    return candidates;
  };
  const scanPluginDirs = async (): Promise<PluginCandidate[]> => {
    const found = await Promise.all((options.pluginDirs ?? []).map((dir) => scanNodeModules(join(resolve(cwd, dir), 'node_modules'))));
    return found.flat();
  };
  const [located, installed, scanned] = await Promise.all([
    Promise.allSettled(specifiers.map(({ specifier, baseDir }) => locateExplicit(specifier, baseDir))),
    scanPluginDirs(),
    scan(),
  ]);
  // The host's plugin folders first: their copy of a package wins over one found from `cwd`.
  const candidates = [...installed, ...scanned];
  const loadStarted = now();

  // Explicit plugins, in list order; a package listed twice loads once.
  const tasks: LoadTask[] = [];
  const seen = new Map<string, string>(); // package name → path that will load
  for (const [order, outcome] of located.entries()) {
    const spec = specifiers[order]!.specifier;
    if (outcome.status === 'rejected') {
      const error = outcome.reason as PluginLoadError;
      const name = typeof spec === 'string' ? spec : '(plugin object)';
      failed.push({ name, path: typeof spec === 'string' ? spec : '<inline>', phase: 'resolve', error: { code: error.code ?? ErrorCodes.pluginLoad, message: describeError(error) } });
      continue;
    }
    const target = outcome.value;
    const name = await explicitPackageName(target);
    const path = targetPath(target);
    const already = seen.get(name);
    if (already !== undefined && target.type !== 'object') {
      if ((await realPathOf(already)) !== (await realPathOf(path))) duplicates.push(duplicateOf(name, already, path));
      continue;
    }
    if (target.type !== 'object') seen.set(name, path);
    tasks.push({ name, path, source: 'explicit', order, target });
  }

  // Discovered plugins: the nearest copy of each name wins; the others are duplicates.
  for (const candidate of candidates) {
    const already = seen.get(candidate.name);
    if (already !== undefined) {
      if ((await realPathOf(already)) !== (await realPathOf(candidate.dir))) duplicates.push(duplicateOf(candidate.name, already, candidate.dir));
      continue;
    }
    seen.set(candidate.name, candidate.dir);
    if (deny.has(candidate.name)) skipped.push({ name: candidate.name, path: candidate.dir, reason: "in the host's deny list" });
    else if (allow && !allow.has(candidate.name)) skipped.push({ name: candidate.name, path: candidate.dir, reason: "not in the host's allow list" });
    else tasks.push({ name: candidate.name, path: candidate.dir, source: 'discovered', order: 0, target: { type: 'package', name: candidate.name, dir: candidate.dir } });
  }
  // Registration (and so the report) never depends on readdir or import-completion order.
  tasks.sort((a, b) => (a.source !== b.source ? (a.source === 'explicit' ? -1 : 1) : a.source === 'explicit' ? a.order - b.order : a.name < b.name ? -1 : 1));

  const context = {
    coreVersion: options.coreVersion ?? runningCoreVersion(),
    importModule: options.importModule ?? ((url: string) => import(url)),
    deny,
    importAll: options.importAll === true,
  };
  const settled = await Promise.allSettled(tasks.map((task) => loadOne(task, context)));

  // Stage, then commit: only plugins whose every phase succeeded are registered.
  const manager = new PluginManager({ prefer: options.prefer ?? {} });
  const loadedByPlugin = new Map<string, Extract<LoadOutcome, { status: 'loaded' | 'deferred' }>>();
  const warnings: PluginWarning[] = [];
  for (const [i, result] of settled.entries()) {
    const outcome: LoadOutcome =
      result.status === 'fulfilled'
        ? result.value
        : { status: 'failed', entry: { name: tasks[i]!.name, path: tasks[i]!.path, phase: 'import', error: { code: ErrorCodes.pluginLoad, message: describeError(result.reason) } } };
    for (const message of outcome.warnings ?? []) warnings.push({ name: tasks[i]!.name, path: tasks[i]!.path, message });
    if (outcome.status === 'skipped') skipped.push(outcome.entry);
    else if (outcome.status === 'failed') failed.push(outcome.entry);
    else {
      try {
        if (outcome.status === 'deferred') {
          manager.registerDeferred(outcome.deferred, { source: outcome.task.source, order: outcome.task.order });
          loadedByPlugin.set(outcome.deferred.name, outcome);
        } else {
          manager.register(outcome.plugin, { source: outcome.task.source, order: outcome.task.order, contributions: outcome.contributions });
          loadedByPlugin.set(outcome.plugin.name, outcome);
        }
      } catch (error) {
        const code = (error as { code?: string }).code ?? ErrorCodes.pluginLoad;
        failed.push({ name: outcome.task.name, path: outcome.task.path, phase: 'register', error: { code, message: describeError(error) } });
      }
    }
  }

  const loaded: LoadedPlugin[] = manager.entries().map(({ name, source }) => {
    const outcome = loadedByPlugin.get(name)!;
    const deferred = outcome.status === 'deferred';
    return {
      name,
      version: deferred ? outcome.deferred.version : outcome.version,
      path: outcome.task.path,
      source,
      strategies: deferred ? cloneNames(outcome.deferred.provides) : strategyNames(outcome.contributions),
      imported: !deferred,
      durationMs: Math.round(outcome.durationMs * 1000) / 1000,
    };
  });
  manager.noteUnavailable([
    ...failed.map((f) => ({ name: f.name, status: 'failed' as const, reason: f.error.message })),
    ...skipped.map((s) => ({ name: s.name, status: 'skipped' as const, reason: s.reason })),
  ]);
  // Known from manifests and imported plugins' hooks: nothing is imported to find conflicts.
  const conflicts = (await manager.conflicts()).map(({ kind, name, plugins, error }) => ({ kind, name, plugins, code: error.code, message: error.message }));
  const loadMs = since(loadStarted);
  return { manager, report: { loaded, skipped, failed, duplicates, conflicts, warnings, timings: { scanMs, loadMs, totalMs: since(started) } } };
}
