import { now } from '../../util/now.js';
import { pathToFileURL } from 'node:url';
import { describeError } from '../../errors/hop3-error.js';
import type { Hop3Plugin } from '../define-plugin.js';
import { ErrorCodes } from '../../errors/codes.js';
import type { PluginSource } from '../plugin-order.js';
import { resolvePluginHooks, type PluginContributions } from '../resolve-hooks.js';
import { validatePlugin } from '../validate-plugin.js';
import type { ExplicitTarget } from './explicit.js';
import { PluginLoadError } from './load-error.js';
import type { FailedPlugin, LoadPhase, SkippedPlugin } from './load-report.js';
import { checkPluginPackage, packageVersion, readPackageJson, type PackageJson } from './package-metadata.js';
import { compareWithManifest, manifestMismatch, type DeferredPlugin, type ProvidedNames } from '../deferred-plugin.js';
import { resolvePackageEntry } from './resolve-entry.js';

/** One plugin to load, located but not read. */
export interface LoadTask {
  /** Package name or specifier, for reports. */
  name: string;
  path: string;
  source: PluginSource;
  order: number;
  target: ExplicitTarget;
}

export interface LoadContext {
  coreVersion: string;
  importModule: (url: string) => Promise<unknown>;
  deny: ReadonlySet<string>;
  /** Import plugins that declare `hop3.provides` now rather than on first use (diagnostics). */
  importAll: boolean;
}

export type LoadOutcome = (
  | { status: 'loaded'; task: LoadTask; plugin: Hop3Plugin; contributions: PluginContributions; version: string | undefined; durationMs: number }
  | { status: 'deferred'; task: LoadTask; deferred: DeferredPlugin; durationMs: number }
  | { status: 'skipped'; entry: SkippedPlugin }
  | { status: 'failed'; entry: FailedPlugin }
) & { warnings?: string[] };

/** Accept the default export, else a named `plugin` export; report the first one's problems. */
function pickPlugin(module: unknown, source: string): Hop3Plugin {
  const exports = module as { default?: unknown; plugin?: unknown } | null;
  const candidates = [exports?.default, exports?.plugin].filter((value) => value !== undefined);
  if (candidates.length === 0) {
    throw new PluginLoadError('validate', `${source} has no default export and no named export "plugin"`, { code: ErrorCodes.invalidPlugin });
  }
  let firstError: unknown;
  for (const candidate of candidates) {
    try {
      return validatePlugin(candidate, source);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

async function inPhase<T>(phase: LoadPhase, work: () => Promise<T> | T, describe?: (cause: unknown) => string): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (cause instanceof PluginLoadError) throw cause;
    const code = typeof (cause as { code?: unknown })?.code === 'string' && String((cause as { code: string }).code).startsWith('HOP3_')
      ? (cause as { code: string }).code
      : ErrorCodes.pluginLoad;
    throw new PluginLoadError(phase, describe ? describe(cause) : describeError(cause), { code, cause });
  }
}

/** Import a plugin module and return its validated plugin (default export, else `plugin`). */
async function importPlugin(entry: string, context: LoadContext): Promise<Hop3Plugin> {
  const module = await inPhase('import', () => context.importModule(pathToFileURL(entry).href), (cause) => `importing ${entry} failed: ${describeError(cause)}`);
  return inPhase('validate', () => pickPlugin(module, entry));
}

/** Read, check, import, validate and stage one plugin. Never throws: the outcome says what happened. */
export async function loadOne(task: LoadTask, context: LoadContext): Promise<LoadOutcome> {
  const started = now();
  const { target } = task;
  const warnings: string[] = [];
  try {
    let plugin: Hop3Plugin;
    let pkg: PackageJson | undefined;
    let provides: ProvidedNames | null = null;
    if (target.type === 'object') {
      plugin = await inPhase('validate', () => validatePlugin(target.value, "the host's plugin list"));
    } else {
      let entry: string;
      if (target.type === 'package') {
        pkg = await readPackageJson(target.dir);
        const packageName = typeof pkg.name === 'string' ? pkg.name : task.name;
        if (context.deny.has(packageName)) return { status: 'skipped', entry: { name: packageName, path: task.path, reason: "in the host's deny list" } };
        const check = checkPluginPackage(pkg, context.coreVersion, { requireHop3Field: task.source === 'discovered' });
        warnings.push(...check.warnings);
        if (check.incompatibility !== null) {
          if (task.source === 'discovered') return { status: 'skipped', entry: { name: task.name, path: task.path, reason: check.incompatibility }, warnings };
          throw new PluginLoadError('metadata', check.incompatibility, { code: ErrorCodes.incompatiblePlugin });
        }
        if (check.problem !== null) throw new PluginLoadError('metadata', check.problem, { code: ErrorCodes.invalidPlugin });
        entry = await resolvePackageEntry(target.dir, pkg);
        provides = check.provides;
        if (provides !== null && !context.importAll) {
          const deferred: DeferredPlugin = {
            name: packageName,
            version: packageVersion(pkg),
            enforce: check.enforce,
            provides,
            load: () => importPlugin(entry, context),
          };
          return { status: 'deferred', task, deferred, durationMs: now() - started, warnings };
        }
      } else {
        entry = target.file;
      }
      plugin = await importPlugin(entry, context);
    }
    if (target.type === 'object' && context.deny.has(plugin.name)) {
      return { status: 'skipped', entry: { name: plugin.name, path: task.path, reason: "in the host's deny list" } };
    }
    const contributions = await resolvePluginHooks(plugin);
    if (contributions.failures.length > 0) {
      const [first] = contributions.failures;
      const message = contributions.failures.map((failure) => failure.error.message).join('\n');
      throw new PluginLoadError('hooks', message, { code: first!.error.code, cause: first!.error });
    }
    if (provides !== null) {
      const problems = compareWithManifest(contributions, provides);
      if (problems.length > 0) {
        const mismatch = manifestMismatch(plugin.name, problems.join('; '));
        throw new PluginLoadError('validate', mismatch.message, { code: mismatch.code });
      }
      if (plugin.name !== pkg?.name) {
        throw new PluginLoadError('validate', `the plugin is named "${plugin.name}" but its package "${String(pkg?.name)}": with "hop3.provides" the plugin name must be the package name`, { code: ErrorCodes.pluginManifestMismatch });
      }
    }
    const version = plugin.version ?? (pkg ? packageVersion(pkg) : undefined);
    return { status: 'loaded', task, plugin, contributions, version, durationMs: now() - started, warnings };
  } catch (error) {
    const phase: LoadPhase = error instanceof PluginLoadError ? error.phase : 'import';
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : ErrorCodes.pluginLoad;
    return { status: 'failed', entry: { name: task.name, path: task.path, phase, error: { code, message: describeError(error) } }, warnings };
  }
}
