import { SAFE_NAME_PATTERN, SAFE_NAME_RULE } from '../data/names.js';
import { ErrorCodes } from '../errors/codes.js';
import type { Addon } from '../protocols/addon.js';
import type { StrategyRuntime } from '../protocols/common.js';
import type { PluginManager } from '../plugins/plugin-manager.js';
import { strategyByName } from './attempt.js';
import { coreError } from '../errors/core-error.js';

/** An addon instance of `type` (`postgres`, `redis`) named `addonName`. */
export async function createAddon(manager: PluginManager, type: string, addonName: string, runtime: StrategyRuntime): Promise<Addon> {
  if (!SAFE_NAME_PATTERN.test(addonName)) {
    throw coreError({ code: ErrorCodes.invalidInput, message: `Invalid addon name "${addonName}": ${SAFE_NAME_RULE}.`, details: { addonName } });
  }
  const strategy = await strategyByName(manager, 'addon', type, `"${type}" is not an addon type any loaded plugin provides.`);
  return strategy.create(addonName, runtime);
}
