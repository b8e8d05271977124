export * from './strategy.js';
export * from './define-plugin.js';
export { HOOK_KINDS, HOOK_NAMES, PROVIDED_KINDS, type ProvidedKind } from './hook-kinds.js';
export { PluginErrorCodes, pluginConflictError } from './plugin-errors.js';
export { validatePlugin } from './validate-plugin.js';
export { normalizeHookResult, type RegisteredService } from './normalize-hook-result.js';
export { resolvePluginHooks, type HookFailure, type PluginContributions } from './resolve-hooks.js';
export type { PluginEntry, PluginSource } from './plugin-order.js';
export type { DeferredPlugin, ProvidedNames } from './deferred-plugin.js';
export {
  PluginManager,
  type RegisterOptions,
  type PluginManagerOptions,
  type PluginConflict,
  type Candidate,
  type UnavailablePlugin,
  type StrategiesByKind,
  type StrategyCollection,
} from './plugin-manager.js';
export { satisfies, parseVersion, parseRange, isValidRange, compareVersions, type SemVer } from './semver.js';
export * from './discovery/index.js';
