import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error, describeError, hasErrorCode } from '../errors/hop3-error.js';
import type { MaybePromise } from '../protocols/common.js';
import type { PluginManager } from '../plugins/plugin-manager.js';
import type { RegisteredStrategy, StrategyArgs, StrategyInstance, StrategyKind } from '../plugins/strategy.js';

/** Why one strategy was not chosen. */
export interface Rejection {
  name: string;
  plugin: string;
  reason: string;
}

/**
 * The strategies of `kind` in plugin order. Refuses to choose while two plugins provide the same
 * name for this kind: which one accepts would be an accident of ordering.
 */
export async function candidatesOf<K extends StrategyKind>(manager: PluginManager, kind: K): Promise<RegisteredStrategy<K>[]> {
  const { strategies, conflicts } = await manager.collect();
  const conflict = conflicts.find((c) => c.kind === kind);
  if (conflict) throw conflict.error;
  return strategies[kind] as RegisteredStrategy<K>[];
}

/**
 * Construct each strategy in order and return the first that `check` accepts, or every
 * rejection with its reason (a thrown constructor or check is a reason, not a crash).
 */
export async function firstAccepted<K extends StrategyKind>(
  strategies: readonly RegisteredStrategy<K>[],
  args: StrategyArgs[K],
  check: (instance: StrategyInstance[K]) => MaybePromise<boolean>,
  method: string,
): Promise<{ instance: StrategyInstance[K] } | { rejections: Rejection[] }> {
  const rejections: Rejection[] = [];
  for (const strategy of strategies) {
    let instance: StrategyInstance[K];
    try {
      instance = await strategy.create(...args);
    } catch (error) {
      rejections.push({ name: strategy.name, plugin: strategy.plugin, reason: `could not be created: ${describeError(error)}` });
      continue;
    }
    try {
      if (await check(instance)) return { instance };
      const reason = (instance as { rejectionReason?: unknown }).rejectionReason;
      rejections.push({ name: strategy.name, plugin: strategy.plugin, reason: typeof reason === 'string' && reason ? reason : `${method} returned false` });
    } catch (error) {
      rejections.push({ name: strategy.name, plugin: strategy.plugin, reason: `${method} threw: ${describeError(error)}` });
    }
  }
  return { rejections };
}

export function formatRejections(rejections: readonly Rejection[]): string {
  return rejections.map((r) => `  - ${r.name} (${r.plugin}): ${r.reason}`).join('\n');
}

/** `manager.getStrategy()`, with a line saying where the unknown name came from. */
export async function strategyByName<K extends StrategyKind>(manager: PluginManager, kind: K, name: string, hint: string): Promise<RegisteredStrategy<K>> {
  try {
    return await manager.getStrategy(kind, name);
  } catch (error) {
    if (!hasErrorCode(error, ErrorCodes.unknownStrategy)) throw error;
    const unknown = error as Hop3Error;
    throw new Hop3Error({ code: unknown.code, message: `${unknown.message}\n${hint}`, cause: unknown, details: unknown.details, badInput: unknown.badInput });
  }
}
