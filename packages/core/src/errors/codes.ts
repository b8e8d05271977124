/** The stable error codes raised by `@hop3/core`. Plugins may define their own (prefix them). */
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
} as const;

export type CoreErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
