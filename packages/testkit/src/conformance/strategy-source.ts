import { PluginManager, type Hop3Plugin, type RegisteredStrategy, type StrategyKind, type StrategyRuntime } from '@hop3/core';

/** Which strategy a suite checks: a plugin (your package's default export) and a strategy name in it. */
export interface StrategySource {
  plugin: Hop3Plugin;
  /** The strategy's name as the plugin declares it (`static-site`, `uwsgi`, `postgres`). */
  strategy: string;
}

/**
 * The strategy as a host sees it: the plugin is registered in core's own PluginManager, so
 * the plugin's shape is validated and every result the suite gets (`build()`, `deploy()`,
 * `getStatus()`, `getConnectionDetails()`, `info()`) has passed core's schema checks, exactly
 * as in `hop3`.
 */
export async function registeredStrategy<K extends StrategyKind>(source: StrategySource, kind: K): Promise<RegisteredStrategy<K>> {
  const manager = new PluginManager();
  manager.register(source.plugin);
  const { strategies, failures, conflicts } = await manager.collect();
  if (failures.length > 0) {
    throw new Error(`plugin "${source.plugin.name}": ${failures.map((f) => `${f.hook}() failed: ${f.error.message}`).join('; ')}`);
  }
  if (conflicts.length > 0) throw conflicts[0]!.error;
  const found = (strategies[kind] as RegisteredStrategy<K>[]).find((s) => s.name === source.strategy);
  if (found === undefined) {
    const names = strategies[kind].map((s) => s.name);
    throw new Error(`plugin "${source.plugin.name}" provides no ${kind} named "${source.strategy}" (its ${kind}s: ${names.join(', ') || 'none'})`);
  }
  return found;
}

/** Stop every service the plugin manages (a private nginx, a uWSGI emperor) — twice, since stop must be idempotent. */
export async function stopPluginServices(plugin: Hop3Plugin, runtime: StrategyRuntime): Promise<void> {
  const services = (await plugin.hooks.getServices?.()) ?? [];
  for (const service of services) {
    await service.stop(runtime);
    await service.stop(runtime);
  }
}
