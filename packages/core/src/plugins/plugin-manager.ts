import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error } from '../errors/hop3-error.js';
import type { Hop3Plugin, HookName } from './define-plugin.js';
import { HOOK_KINDS, PROVIDED_KINDS, emptyByKind, hookForKind, pluralKind, type ProvidedKind } from './hook-kinds.js';
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

/** Two or more plugins providing the same kind and name: reported, never silently overridden. */
export interface PluginConflict {
  kind: ProvidedKind;
  name: string;
  plugins: string[];
  /** `HOP3_PLUGIN_CONFLICT`, naming every plugin involved. */
  error: Hop3Error;
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

type HookEntry<H extends HookName> = H extends 'getServices' ? RegisteredService : RegisteredStrategy;

/**
 * Holds the plugins of one host, in a deterministic order, and what their hooks provide. Each
 * plugin's hooks are called once (on first use) and their validated results cached.
 */
export class PluginManager {
  readonly #entries = new Map<string, PluginEntry>();
  readonly #contributions = new Map<string, Promise<PluginContributions>>();
  #seq = 0;
  #collection: Promise<StrategyCollection> | undefined;

  /** Add a plugin. Throws `HOP3_INVALID_PLUGIN` for a bad shape, `HOP3_DUPLICATE_PLUGIN` for a name already registered. */
  register(plugin: Hop3Plugin, options: RegisterOptions = {}): void {
    validatePlugin(plugin, `register(${typeof plugin?.name === 'string' ? `"${plugin.name}"` : 'plugin'})`);
    const existing = this.#entries.get(plugin.name);
    if (existing) {
      throw coreError({
        code: ErrorCodes.duplicatePlugin,
        message: `A plugin named "${plugin.name}" is already registered (${existing.source}); plugin names must be unique.`,
        details: { plugin: plugin.name },
      });
    }
    const seq = this.#seq++;
    const source = options.source ?? 'explicit';
    this.#entries.set(plugin.name, { plugin, source, order: options.order ?? seq, seq });
    if (options.contributions) this.#contributions.set(plugin.name, Promise.resolve(options.contributions));
    this.#collection = undefined;
  }

  /** Remove a plugin by name; false when none had that name. */
  unregister(name: string): boolean {
    const removed = this.#entries.delete(name);
    this.#contributions.delete(name);
    if (removed) this.#collection = undefined;
    return removed;
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** The plugins in order: explicit (host order) then discovered (by name), `enforce` applied per group. */
  list(): Hop3Plugin[] {
    return this.entries().map((entry) => entry.plugin);
  }

  /** The plugins in order, with how they were registered. */
  entries(): PluginEntry[] {
    return sortPluginEntries(this.#entries.values());
  }

  #contributionsOf(plugin: Hop3Plugin): Promise<PluginContributions> {
    let contributions = this.#contributions.get(plugin.name);
    if (!contributions) {
      contributions = resolvePluginHooks(plugin);
      this.#contributions.set(plugin.name, contributions);
    }
    return contributions;
  }

  async #inOrder(): Promise<{ plugin: Hop3Plugin; contributions: PluginContributions }[]> {
    const plugins = this.list();
    const all = await Promise.all(plugins.map((plugin) => this.#contributionsOf(plugin)));
    return plugins.map((plugin, i) => ({ plugin, contributions: all[i]! }));
  }

  /**
   * Every plugin's results for `hook`, flattened in plugin order (hooks may be sync or async).
   * Throws the first failure (`HOP3_PLUGIN_HOOK_FAILED` / `HOP3_INVALID_HOOK_RESULT`) naming the plugin.
   */
  async callHook<H extends HookName>(hook: H): Promise<HookEntry<H>[]> {
    const results: HookEntry<H>[] = [];
    for (const { contributions } of await this.#inOrder()) {
      const failure = contributions.failures.find((f) => f.hook === hook);
      if (failure) throw failure.error;
      results.push(...((contributions.byHook[hook] ?? []) as HookEntry<H>[]));
    }
    return results;
  }

  /** What all plugins provide, with conflicts and hook failures. Cached until the plugin set changes. */
  collect(): Promise<StrategyCollection> {
    this.#collection ??= this.#buildCollection();
    return this.#collection;
  }

  async #buildCollection(): Promise<StrategyCollection> {
    const byKind = emptyByKind<RegisteredStrategy | RegisteredService>();
    const failures: HookFailure[] = [];
    for (const { contributions } of await this.#inOrder()) {
      failures.push(...contributions.failures);
      for (const [hook, entries] of Object.entries(contributions.byHook) as [HookName, (RegisteredStrategy | RegisteredService)[]][]) {
        byKind[HOOK_KINDS[hook]].push(...entries);
      }
    }
    const conflicts: PluginConflict[] = [];
    const kept = emptyByKind<RegisteredStrategy | RegisteredService>();
    for (const kind of PROVIDED_KINDS) {
      const providers = new Map<string, string[]>();
      for (const entry of byKind[kind]) providers.set(entry.name, [...(providers.get(entry.name) ?? []), entry.plugin]);
      for (const [name, plugins] of providers) {
        if (plugins.length > 1) conflicts.push({ kind, name, plugins, error: pluginConflictError(kind, name, plugins) });
      }
      kept[kind] = byKind[kind].filter((entry) => providers.get(entry.name)!.length === 1);
    }
    const { service, ...strategies } = kept;
    return { strategies: strategies as StrategiesByKind, services: service as RegisteredService[], conflicts, failures };
  }

  /** Strategy and service names per kind (conflicted names included), without constructing anything. */
  async listStrategyNames(): Promise<Record<ProvidedKind, string[]>> {
    const { strategies, services, conflicts } = await this.collect();
    const names = emptyByKind<string>();
    for (const kind of PROVIDED_KINDS) {
      const entries = kind === 'service' ? services : strategies[kind];
      const all = [...entries.map((entry) => entry.name), ...conflicts.filter((c) => c.kind === kind).map((c) => c.name)];
      names[kind] = [...new Set(all)].sort();
    }
    return names;
  }

  /** The strategies of `kind`, in plugin order. */
  async getStrategies<K extends StrategyKind>(kind: K): Promise<RegisteredStrategy<K>[]> {
    return (await this.collect()).strategies[kind] as RegisteredStrategy<K>[];
  }

  /**
   * The strategy of `kind` named `name`. Unknown → `HOP3_UNKNOWN_STRATEGY` listing the available
   * names; a name two plugins provide → their `HOP3_PLUGIN_CONFLICT` error.
   */
  async getStrategy<K extends StrategyKind>(kind: K, name: string): Promise<RegisteredStrategy<K>> {
    const { strategies, conflicts, failures } = await this.collect();
    const conflict = conflicts.find((c) => c.kind === kind && c.name === name);
    if (conflict) throw conflict.error;
    const found = strategies[kind].find((strategy) => strategy.name === name);
    if (found) return found as RegisteredStrategy<K>;
    throw unknownStrategyError(kind, name, await this.listStrategyNames(), failures);
  }

  /** Every service plugins manage, in plugin order. */
  async getServices(): Promise<RegisteredService[]> {
    return (await this.collect()).services;
  }
}

function unknownStrategyError(kind: StrategyKind, name: string, names: Record<ProvidedKind, string[]>, failures: HookFailure[]): Hop3Error {
  const available = names[kind];
  const hook = hookForKind(kind);
  const broken = failures.filter((f) => f.hook === hook).map((f) => f.plugin);
  const lines = [
    `Unknown ${kind} "${name}". Available ${pluralKind(kind)}: ${available.length > 0 ? available.join(', ') : '(none installed)'}.`,
  ];
  if (broken.length > 0) lines.push(`These plugins failed to list their ${pluralKind(kind)}: ${broken.join(', ')} (see \`hop3 plugins\`).`);
  return coreError({ code: ErrorCodes.unknownStrategy, message: lines.join('\n'), details: { kind, name, available, failedPlugins: broken } });
}
