import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error } from '../errors/hop3-error.js';
import type { ProvidedKind } from './hook-kinds.js';

/** Codes raised by the plugin system besides those in {@link ErrorCodes}. */
export const PluginErrorCodes = {
  ...ErrorCodes,
  /** A plugin's metadata asks for an API version or core version this core does not offer. */
  incompatiblePlugin: 'HOP3_INCOMPATIBLE_PLUGIN',
  /** An explicitly listed plugin package or path does not exist. */
  pluginNotFound: 'HOP3_PLUGIN_NOT_FOUND',
} as const;

/** Two or more plugins provide a strategy (or service) of the same kind and name. */
export function pluginConflictError(kind: ProvidedKind, name: string, plugins: readonly string[]): Hop3Error {
  const quoted = plugins.map((plugin) => `"${plugin}"`);
  const list = quoted.length === 2 ? quoted.join(' and ') : quoted.join(', ');
  return new Hop3Error(
    ErrorCodes.pluginConflict,
    `Plugins ${list} ${plugins.length === 2 ? 'both' : 'all'} provide the ${kind} "${name}". Hop3 will not pick one silently: ` +
      `uninstall one of them, or leave one out with the host's deny list.`,
    { details: { kind, name, plugins: [...plugins] } },
  );
}
