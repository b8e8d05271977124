import { ErrorCodes, type CoreErrorCode } from '../errors/codes.js';
import { Hop3Error, describeError } from '../errors/hop3-error.js';
import type { Hop3Plugin, HookName } from './define-plugin.js';
import { compareWithManifest, manifestMismatch, type DeferredPlugin, type ProvidedNames } from './deferred-plugin.js';
import { HOOK_KINDS, HOOK_NAMES, PROVIDED_KINDS, emptyByKind, hookForKind, pluralKind, type ProvidedKind } from './hook-kinds.js';
import type { RegisteredService } from './normalize-hook-result.js';
import { pluginConflictError } from './plugin-errors.js';
import { sortPluginEntries, type PluginEntry, type PluginSource } from './plugin-order.js';
import { resolvePluginHooks, type HookFailure, type PluginContributions } from './resolve-hooks.js';
import type { RegisteredStrategy, StrategyKind } from './strategy.js';
import { validatePlugin } from './validate-plugin.js';
import { coreError } from '../errors/core-error.js';

export interface RegisterOptions {
  /** `explicit` (listed by the host, the default) or `discovered` (found in node_modules). */
  source?: PluginSource;
  /** Position in the host's explicit list; defaults to registration order. */
  order?: number;
  /**
   * The plugin's hook results, already computed (the discovery loader calls every hook once at
   * load time, so it passes them on instead of calling the hooks again).
   */
  contributions?: PluginContributions;
}

export interface PluginManagerOptions {
  /**
   * `"kind:name"` → plugin: which plugin's strategy to use when several provide that name (a
   * resolved conflict). A preference naming a plugin that does not provide the name is ignored.
   */
  prefer?: Readonly<Record<string, string>>;
}

/** Two or more plugins providing the same kind and name: reported, never silently overridden. */
export interface PluginConflict {
  kind: ProvidedKind;
  name: string;
  plugins: string[];
  /** `HOP3_PLUGIN_CONFLICT`, naming every plugin involved and the ways out. */
  error: Hop3Error;
}

/** A plugin that is not in the set, and why (from the loader): named when a strategy is missing. */
export interface UnavailablePlugin {
  name: string;
  status: 'failed' | 'skipped';
  reason: string;
}

export type StrategiesByKind = { [K in StrategyKind]: RegisteredStrategy<K>[] };

/** Everything the registered plugins provide, in plugin order. */
export interface StrategyCollection {
  /** Per kind, every strategy whose name is not in conflict. */
  strategies: StrategiesByKind;
  services: RegisteredService[];
  conflicts: PluginConflict[];
  failures: HookFailure[];
}

/** A strategy in selection order; `conflict` is set when another plugin provides the same name. */
export type Candidate<K extends StrategyKind> = RegisteredStrategy<K> & { conflict?: Hop3Error };

type Provided = RegisteredStrategy | RegisteredService;
type HookEntry<H extends HookName> = H extends 'getServices' ? RegisteredService : RegisteredStrategy;

interface KindCollection {
  /** Every provider's entry in plugin order, conflicted ones included. */
  all: Provided[];
  failures: HookFailure[];
}

/**
 * Holds the plugins of one host, in a deterministic order, and what their hooks provide. Each
 * plugin's hooks are called once (on first use) and their validated results cached. A deferred
 * plugin (known from its package.json manifest) is imported only when one of its strategies or
 * services is needed; its names and conflicts are known without importing it.
 */
export class PluginManager {
  readonly #entries = new Map<string, PluginEntry>();
  readonly #contributions = new Map<string, Promise<PluginContributions>>();
  readonly #byKind = new Map<ProvidedKind, Promise<KindCollection>>();
  readonly #prefer: Readonly<Record<string, string>>;
  #unavailable: UnavailablePlugin[] = [];
  #seq = 0;

  constructor(options: PluginManagerOptions = {}) {
    this.#prefer = { ...options.prefer };
  }

  /** Add a plugin. Throws `HOP3_INVALID_PLUGIN` for a bad shape, `HOP3_DUPLICATE_PLUGIN` for a name already registered. */
  register(plugin: Hop3Plugin, options: RegisterOptions = {}): void {
    validatePlugin(plugin, `register(${typeof plugin?.name === 'string' ? `"${plugin.name}"` : 'plugin'})`);
    this.#add({ name: plugin.name, enforce: plugin.enforce, plugin, deferred: undefined }, options);
    if (options.contributions) this.#contributions.set(plugin.name, Promise.resolve(options.contributions));
  }

  /**
   * Add a plugin known from its manifest; its module is imported (through `deferred.load()`)
   * the first time one of its strategies or services is needed. On import, a plugin whose
   * hooks provide other names than `provides` fails with `HOP3_PLUGIN_MANIFEST_MISMATCH`.
   */
  registerDeferred(deferred: DeferredPlugin, options: Omit<RegisterOptions, 'contributions'> = {}): void {
    this.#add({ name: deferred.name, enforce: deferred.enforce, plugin: undefined, deferred }, options);
  }

  #add(entry: Pick<PluginEntry, 'name' | 'enforce' | 'plugin' | 'deferred'>, options: RegisterOptions): void {
    const existing = this.#entries.get(entry.name);
    if (existing) {
      throw coreError({
        code: ErrorCodes.duplicatePlugin,
        message: `A plugin named "${entry.name}" is already registered (${existing.source}); plugin names must be unique.`,
        details: { plugin: entry.name },
      });
    }
    const seq = this.#seq++;
    this.#entries.set(entry.name, { ...entry, source: options.source ?? 'explicit', order: options.order ?? seq, seq });
    this.#byKind.clear();
  }

  /**
   * Take over the plugin `name` from another manager, as it is there (deferred or imported), at
   * the end of the order: a host adds a plugin it loaded later (e.g. from a path an app recorded
   * at deploy time). Throws `HOP3_DUPLICATE_PLUGIN` when the name is taken; false when `other` lacks it.
   */
  adopt(other: PluginManager, name: string): boolean {
    const entry = other.#entries.get(name);
    if (!entry) return false;
    this.#add({ name, enforce: entry.enforce, plugin: entry.plugin, deferred: entry.deferred }, { source: 'discovered' });
    const contributions = other.#contributions.get(name);
    if (contributions) this.#contributions.set(name, contributions);
    return true;
  }

  /** Remove a plugin by name; false when none had that name. */
  unregister(name: string): boolean {
    const removed = this.#entries.delete(name);
    this.#contributions.delete(name);
    if (removed) this.#byKind.clear();
    return removed;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** Plugin names, in order (deferred plugins included, imported or not). */
  names(): string[] {
    return this.entries().map((entry) => entry.name);
  }

  /** The plugin objects imported so far, in order (a deferred plugin appears once it is imported). */
  list(): Hop3Plugin[] {
    return this.entries().flatMap((entry) => (entry.plugin ? [entry.plugin] : []));
  }

  /** The plugins in order, with how they were registered. */
  entries(): PluginEntry[] {
    return sortPluginEntries(this.#entries.values());
  }

  /** Record what the loader left out, so "no strategy" errors can name it (see {@link unavailable}). */
  noteUnavailable(plugins: readonly UnavailablePlugin[]): void {
    this.#unavailable = [...plugins];
  }

  /** Plugins that failed to load or were skipped, as the loader noted them. */
  unavailable(): UnavailablePlugin[] {
    return [...this.#unavailable];
  }

  /** Import every deferred plugin now (a diagnostic: `hop3 plugins`); returns every hook or import failure. */
  async importAll(): Promise<HookFailure[]> {
    return (await this.collect()).failures;
  }

  #contributionsOf(entry: PluginEntry): Promise<PluginContributions> {
    let contributions = this.#contributions.get(entry.name);
    if (!contributions) {
      contributions = entry.plugin ? resolvePluginHooks(entry.plugin) : this.#importDeferred(entry, entry.deferred!);
      this.#contributions.set(entry.name, contributions);
    }
    return contributions;
  }

  async #importDeferred(entry: PluginEntry, deferred: DeferredPlugin): Promise<PluginContributions> {
    const declaredHooks = HOOK_NAMES.filter((hook) => deferred.provides[HOOK_KINDS[hook]].length > 0);
    const failAll = (error: Hop3Error): PluginContributions => ({
      byHook: {},
      failures: declaredHooks.map((hook) => ({ plugin: deferred.name, hook, error, cause: error.cause ?? error })),
    });
    let plugin: Hop3Plugin;
    try {
      plugin = await deferred.load();
    } catch (cause) {
      // The loader's own error (HOP3_INVALID_PLUGIN, …) keeps its code; anything else is a load failure.
      const code = cause instanceof Hop3Error && (Object.values(ErrorCodes) as string[]).includes(cause.code) ? (cause.code as CoreErrorCode) : ErrorCodes.pluginLoad;
      return failAll(coreError({ code, message: `Plugin "${deferred.name}" could not be loaded: ${describeError(cause)}`, cause, details: { plugin: deferred.name } }));
    }
    if (plugin.name !== deferred.name) {
      return failAll(manifestMismatch(deferred.name, `its module exports the plugin "${plugin.name}"; the plugin name must be the package name "${deferred.name}"`));
    }
    const contributions = await resolvePluginHooks(plugin);
    const problems = compareWithManifest(contributions, deferred.provides);
    if (problems.length > 0) return failAll(manifestMismatch(deferred.name, problems.join('; ')));
    entry.plugin = plugin;
    return contributions;
  }

  /** Names per kind a plugin provides: from its manifest (no import) or its hooks. */
  async #declared(entry: PluginEntry): Promise<ProvidedNames> {
    if (entry.deferred && !entry.plugin) return entry.deferred.provides;
    const contributions = await this.#contributionsOf(entry);
    const names = emptyByKind<string>();
    for (const [hook, provided] of Object.entries(contributions.byHook) as [HookName, Provided[]][]) {
      names[HOOK_KINDS[hook]].push(...provided.map((p) => p.name));
    }
    return names;
  }

  /** The plugins that (may) provide `kind`: every imported plugin, and deferred ones that declare it. */
  #providersOf(kind: ProvidedKind): PluginEntry[] {
    return this.entries().filter((entry) => entry.plugin !== undefined || entry.deferred!.provides[kind].length > 0);
  }

  #kind(kind: ProvidedKind): Promise<KindCollection> {
    let collection = this.#byKind.get(kind);
    if (!collection) {
      collection = (async () => {
        const providers = this.#providersOf(kind);
        const all = await Promise.all(providers.map((entry) => this.#contributionsOf(entry)));
        const hook = hookForKind(kind);
        return {
          all: all.flatMap((c) => (c.byHook[hook] ?? []) as Provided[]),
          failures: all.flatMap((c) => c.failures.filter((f) => f.hook === hook)),
        };
      })();
      this.#byKind.set(kind, collection);
    }
    return collection;
  }

  /**
   * Names two or more plugins provide, per kind, known without importing deferred plugins. A
   * preference (`prefer`) that names one of the providers resolves the conflict.
   */
  async conflicts(): Promise<PluginConflict[]> {
    const providers = new Map<string, string[]>();
    for (const entry of this.entries()) {
      const declared = await this.#declared(entry);
      for (const kind of PROVIDED_KINDS) {
        for (const name of new Set(declared[kind])) {
          const key = `${kind}:${name}`;
          providers.set(key, [...(providers.get(key) ?? []), entry.name]);
        }
      }
    }
    const conflicts: PluginConflict[] = [];
    for (const [key, plugins] of providers) {
      if (plugins.length < 2 || plugins.includes(this.#prefer[key] ?? '')) continue;
      const [kind, name] = key.split(':') as [ProvidedKind, string];
      conflicts.push({ kind, name, plugins, error: pluginConflictError(kind, name, plugins) });
    }
    return conflicts;
  }

  /** Every entry of `kind`, in order, with a preference applied: the providers not preferred are dropped. */
  async #resolved(kind: ProvidedKind): Promise<{ entries: Provided[]; conflicts: PluginConflict[]; failures: HookFailure[] }> {
    const { all, failures } = await this.#kind(kind);
    const conflicts = (await this.conflicts()).filter((c) => c.kind === kind);
    const entries = all.filter((entry) => {
      const preferred = this.#prefer[`${kind}:${entry.name}`];
      if (preferred === undefined || !all.some((other) => other.name === entry.name && other.plugin === preferred)) return true;
      return entry.plugin === preferred;
    });
    return { entries, conflicts, failures };
  }

  /**
   * Every plugin's results for `hook`, flattened in plugin order (hooks may be sync or async).
   * Throws the first failure (`HOP3_PLUGIN_HOOK_FAILED` / `HOP3_INVALID_HOOK_RESULT`) naming the plugin.
   */
  async callHook<H extends HookName>(hook: H): Promise<HookEntry<H>[]> {
    const { all, failures } = await this.#kind(HOOK_KINDS[hook]);
    if (failures.length > 0) throw failures[0]!.error;
    return all as HookEntry<H>[];
  }

  /** What all plugins provide, with conflicts and failures. Imports every deferred plugin. */
  async collect(): Promise<StrategyCollection> {
    const byKind = emptyByKind<Provided>();
    const failures: HookFailure[] = [];
    for (const kind of PROVIDED_KINDS) {
      const { entries, conflicts, failures: kindFailures } = await this.#resolved(kind);
      byKind[kind] = entries.filter((entry) => !conflicts.some((c) => c.name === entry.name));
      failures.push(...kindFailures);
    }
    const { service, ...strategies } = byKind;
    return { strategies: strategies as StrategiesByKind, services: service as RegisteredService[], conflicts: await this.conflicts(), failures: unique(failures) };
  }

  /** Strategy and service names per kind (conflicted names included), without importing or constructing anything. */
  async listStrategyNames(): Promise<Record<ProvidedKind, string[]>> {
    const names = emptyByKind<string>();
    for (const entry of this.entries()) {
      const declared = await this.#declared(entry);
      for (const kind of PROVIDED_KINDS) names[kind].push(...declared[kind]);
    }
    for (const kind of PROVIDED_KINDS) names[kind] = [...new Set(names[kind])].sort();
    return names;
  }

  /** The strategies of `kind`, in plugin order (conflicted names left out). */
  async getStrategies<K extends StrategyKind>(kind: K): Promise<RegisteredStrategy<K>[]> {
    const { entries, conflicts } = await this.#resolved(kind);
    return entries.filter((entry) => !conflicts.some((c) => c.name === entry.name)) as RegisteredStrategy<K>[];
  }

  /**
   * The strategies of `kind` in selection order, conflicted ones included and marked: automatic
   * selection refuses only when the strategy it would choose is in conflict.
   */
  async candidates<K extends StrategyKind>(kind: K): Promise<Candidate<K>[]> {
    const { entries, conflicts } = await this.#resolved(kind);
    return entries.map((entry) => {
      const conflict = conflicts.find((c) => c.name === entry.name);
      return (conflict ? { ...entry, conflict: conflict.error } : entry) as Candidate<K>;
    });
  }

  /**
   * The strategy of `kind` named `name`, importing only the plugin that provides it. Unknown →
   * `HOP3_UNKNOWN_STRATEGY` listing the available names (and plugins that failed or were
   * skipped); a name two plugins provide, with no preference → their `HOP3_PLUGIN_CONFLICT` error.
   */
  async getStrategy<K extends StrategyKind>(kind: K, name: string): Promise<RegisteredStrategy<K>> {
    const conflict = (await this.conflicts()).find((c) => c.kind === kind && c.name === name);
    if (conflict) throw conflict.error;
    const preferred = this.#prefer[`${kind}:${name}`];
    const providers: PluginEntry[] = [];
    for (const entry of this.#providersOf(kind)) {
      if ((await this.#declared(entry))[kind].includes(name)) providers.push(entry);
    }
    const provider = providers.find((entry) => entry.name === preferred) ?? providers[0];
    if (provider) {
      const contributions = await this.#contributionsOf(provider);
      const hook = hookForKind(kind);
      const failure = contributions.failures.find((f) => f.hook === hook);
      if (failure) throw failure.error;
      const found = (contributions.byHook[hook] ?? []).find((strategy) => strategy.name === name);
      if (found) return found as RegisteredStrategy<K>;
    }
    const failures = (await Promise.all(this.#providersOf(kind).filter((e) => this.#contributions.has(e.name)).map((e) => this.#contributionsOf(e))))
      .flatMap((c) => c.failures.filter((f) => f.hook === hookForKind(kind)));
    throw unknownStrategyError(kind, name, await this.listStrategyNames(), failures, this.#unavailable);
  }

  /** Every service plugins manage, in plugin order. */
  async getServices(): Promise<RegisteredService[]> {
    const { entries, conflicts } = await this.#resolved('service');
    return entries.filter((entry) => !conflicts.some((c) => c.name === entry.name)) as RegisteredService[];
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Lines naming the plugins that are not in the set: why a strategy may be missing. */
export function unavailableLines(unavailable: readonly UnavailablePlugin[]): string[] {
  const failed = unavailable.filter((p) => p.status === 'failed');
  const skipped = unavailable.filter((p) => p.status === 'skipped');
  const lines: string[] = [];
  if (failed.length > 0) lines.push(`Plugins that failed to load: ${failed.map((p) => `${p.name} (${firstLine(p.reason)})`).join('; ')}.`);
  if (skipped.length > 0) lines.push(`Plugins skipped: ${skipped.map((p) => `${p.name} (${firstLine(p.reason)})`).join('; ')}.`);
  if (lines.length > 0) lines.push('`hop3 plugins` shows the details.');
  return lines;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}

function unknownStrategyError(
  kind: StrategyKind,
  name: string,
  names: Record<ProvidedKind, string[]>,
  failures: HookFailure[],
  unavailable: readonly UnavailablePlugin[],
): Hop3Error {
  const available = names[kind];
  const broken = unique(failures.map((f) => f.plugin));
  const lines = [
    `Unknown ${kind} "${name}". Available ${pluralKind(kind)}: ${available.length > 0 ? available.join(', ') : '(none installed)'}.`,
  ];
  if (broken.length > 0) lines.push(`These plugins failed to list their ${pluralKind(kind)}: ${broken.join(', ')} (see \`hop3 plugins\`).`);
  lines.push(...unavailableLines(unavailable));
  return coreError({
    code: ErrorCodes.unknownStrategy,
    message: lines.join('\n'),
    details: { kind, name, available, failedPlugins: broken, unavailablePlugins: unavailable.map((p) => p.name) },
  });
}
