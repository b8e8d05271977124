/**
 * The stable error codes raised by `@hop3/core`: the closed union {@link CoreErrorCode}. Each other
 * package has its own map and union (prefixed, e.g. `HOP3_NGINX_`); `invalidInput` and
 * `invalidConfig` are shared: any package may raise them, and they always mean bad input.
 */
export const ErrorCodes = {
  invalidInput: 'HOP3_INVALID_INPUT',
  invalidConfig: 'HOP3_INVALID_CONFIG',
  invalidPlugin: 'HOP3_INVALID_PLUGIN',
  invalidHookResult: 'HOP3_INVALID_HOOK_RESULT',
  /** A plugin's hook (getBuilders, getDeployers, …) threw or failed. */
  pluginHookFailed: 'HOP3_PLUGIN_HOOK_FAILED',
  pluginLoad: 'HOP3_PLUGIN_LOAD_FAILED',
  pluginConflict: 'HOP3_PLUGIN_CONFLICT',
  duplicatePlugin: 'HOP3_DUPLICATE_PLUGIN',
  noStrategy: 'HOP3_NO_STRATEGY',
  unknownStrategy: 'HOP3_UNKNOWN_STRATEGY',
  /** A strategy returned a value of the wrong shape (names the plugin, strategy and method). */
  invalidStrategyResult: 'HOP3_INVALID_STRATEGY_RESULT',
  /** A plugin's metadata asks for an API version or core version this core does not offer. */
  incompatiblePlugin: 'HOP3_INCOMPATIBLE_PLUGIN',
  /** An explicitly listed plugin package or path does not exist. */
  pluginNotFound: 'HOP3_PLUGIN_NOT_FOUND',
  /** An {@link Abort} raised without a code of its own. */
  abort: 'HOP3_ABORT',
} as const;

export type CoreErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
