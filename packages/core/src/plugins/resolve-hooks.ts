import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error, describeError, hasErrorCode } from '../errors/hop3-error.js';
import type { Hop3Plugin, HookName } from './define-plugin.js';
import { HOOK_NAMES } from './hook-kinds.js';
import { normalizeHookResult, type RegisteredService } from './normalize-hook-result.js';
import type { RegisteredStrategy } from './strategy.js';
import { coreError } from '../errors/core-error.js';

/** A hook that threw or returned a bad shape. */
export interface HookFailure {
  plugin: string;
  hook: HookName;
  /** `HOP3_PLUGIN_HOOK_FAILED` (the hook threw) or `HOP3_INVALID_HOOK_RESULT`, with the original cause. */
  error: Hop3Error;
  /** What the hook threw, or the shape error itself. */
  cause: unknown;
}

/** Everything one plugin provides, per hook, after validation. */
export interface PluginContributions {
  byHook: Partial<Record<HookName, (RegisteredStrategy | RegisteredService)[]>>;
  failures: HookFailure[];
}

async function callOneHook(plugin: Hop3Plugin, hook: HookName): Promise<(RegisteredStrategy | RegisteredService)[]> {
  let result: unknown;
  try {
    const fn = plugin.hooks[hook] as (this: unknown) => unknown;
    result = await fn.call(plugin.hooks);
  } catch (cause) {
    throw coreError({
      code: ErrorCodes.pluginHookFailed,
      message: `Plugin "${plugin.name}": hook ${hook} threw: ${describeError(cause)}`,
      cause,
      details: { plugin: plugin.name, hook },
    });
  }
  return normalizeHookResult(plugin.name, hook, result);
}

/**
 * Call every hook `plugin` implements, once, concurrently. Never throws: a failing hook is
 * recorded in `failures` and the others still count.
 */
export async function resolvePluginHooks(plugin: Hop3Plugin): Promise<PluginContributions> {
  const hooks = HOOK_NAMES.filter((hook) => typeof plugin.hooks[hook] === 'function');
  const settled = await Promise.allSettled(hooks.map((hook) => callOneHook(plugin, hook)));
  const contributions: PluginContributions = { byHook: {}, failures: [] };
  settled.forEach((outcome, i) => {
    const hook = hooks[i]!;
    if (outcome.status === 'fulfilled') {
      contributions.byHook[hook] = outcome.value;
      return;
    }
    const error: Hop3Error = hasErrorCode(outcome.reason, ErrorCodes.invalidHookResult) || hasErrorCode(outcome.reason, ErrorCodes.pluginHookFailed)
      ? (outcome.reason as Hop3Error)
      : coreError({ code: ErrorCodes.pluginHookFailed, message: `Plugin "${plugin.name}": hook ${hook} failed: ${describeError(outcome.reason)}`, cause: outcome.reason });
    contributions.failures.push({ plugin: plugin.name, hook, error, cause: error.cause ?? error });
  });
  return contributions;
}
