import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error, describeError, hasErrorCode } from '../errors/hop3-error.js';
import type { MaybePromise } from '../protocols/common.js';
import { unavailableLines, type Candidate, type PluginManager } from '../plugins/plugin-manager.js';
import type { RegisteredStrategy, StrategyArgs, StrategyInstance, StrategyKind } from '../plugins/strategy.js';

/** Why one strategy was not chosen. */
export interface Rejection {
  name: string;
  plugin: string;
  reason: string;
}

/**
 * The strategies of `kind` in plugin order, a name two plugins provide included and marked:
 * {@link firstAccepted} refuses to choose it (which one accepts would be an accident of
 * ordering), while the other strategies of the kind still work.
 */
export function candidatesOf<K extends StrategyKind>(manager: PluginManager, kind: K): Promise<Candidate<K>[]> {
  return manager.candidates(kind);
}

/** The loader's failed and skipped plugins, as lines for a "no strategy" message (none when all loaded). */
export function unavailableNote(manager: PluginManager): string[] {
  return unavailableLines(manager.unavailable());
}

/**
 * Construct each strategy in order and return the first that `check` accepts, or every
 * rejection with its reason (a thrown constructor or check is a reason, not a crash). When the
 * first that accepts is a name two plugins provide, its conflict error is thrown.
 */
export async function firstAccepted<K extends StrategyKind>(
  strategies: readonly (RegisteredStrategy<K> & { conflict?: Hop3Error })[],
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
    let accepted: boolean;
    try {
      accepted = await check(instance);
    } catch (error) {
      rejections.push({ name: strategy.name, plugin: strategy.plugin, reason: `${method} threw: ${describeError(error)}` });
      continue;
    }
    if (accepted && strategy.conflict) throw strategy.conflict;
    if (accepted) return { instance };
    const reason = (instance as { rejectionReason?: unknown }).rejectionReason;
    rejections.push({ name: strategy.name, plugin: strategy.plugin, reason: typeof reason === 'string' && reason ? reason : `${method} returned false` });
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
