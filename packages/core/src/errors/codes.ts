/**
 * The stable error codes raised by `@hop3/core`: the closed union {@link CoreErrorCode}. Each other
 * package has its own map and union (prefixed, e.g. `HOP3_NGINX_`); `invalidInput` and
 * `invalidConfig` are shared: any package may raise them, and they always mean bad input.
 */
export const ErrorCodes = {
  /** A value the caller gave is refused (a name, a path, a setting, a plugin list); always bad input. */
  invalidInput: 'HOP3_INVALID_INPUT',
  /** hop3.toml or the Procfile is malformed; the message lists every problem. Always bad input. */
  invalidConfig: 'HOP3_INVALID_CONFIG',
  /** A plugin module exports no plugin, or its definition has the wrong shape. */
  invalidPlugin: 'HOP3_INVALID_PLUGIN',
  /** A plugin hook returned something other than a list of strategies. */
  invalidHookResult: 'HOP3_INVALID_HOOK_RESULT',
  /** A plugin's hook (getBuilders, getDeployers, …) threw or failed. */
  pluginHookFailed: 'HOP3_PLUGIN_HOOK_FAILED',
  /** A plugin could not be read, imported or set up. */
  pluginLoad: 'HOP3_PLUGIN_LOAD_FAILED',
  /** Two plugins provide a strategy or service of the same kind and name. */
  pluginConflict: 'HOP3_PLUGIN_CONFLICT',
  /** Two plugins have the same name. */
  duplicatePlugin: 'HOP3_DUPLICATE_PLUGIN',
  /** No builder, deployer or OS strategy accepts the app or the system; the message says why each declined. */
  noStrategy: 'HOP3_NO_STRATEGY',
  /** No loaded plugin provides a strategy of that name. */
  unknownStrategy: 'HOP3_UNKNOWN_STRATEGY',
  /** A strategy returned a value of the wrong shape (names the plugin, strategy and method). */
  invalidStrategyResult: 'HOP3_INVALID_STRATEGY_RESULT',
  /** A plugin's metadata asks for an API version or core version this core does not offer. */
  incompatiblePlugin: 'HOP3_INCOMPATIBLE_PLUGIN',
  /** A plugin's module provides other strategies than its package.json `hop3.provides` declares. */
  pluginManifestMismatch: 'HOP3_PLUGIN_MANIFEST_MISMATCH',
  /** An explicitly listed plugin package or path does not exist. */
  pluginNotFound: 'HOP3_PLUGIN_NOT_FOUND',
  /** An {@link Abort} raised without a code of its own. */
  abort: 'HOP3_ABORT',
} as const;

export type CoreErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
