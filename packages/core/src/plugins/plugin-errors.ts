import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error } from '../errors/hop3-error.js';
import type { ProvidedKind } from './hook-kinds.js';
import { coreError } from '../errors/core-error.js';

/** @deprecated Use {@link ErrorCodes}: the plugin system's codes are core's codes. */
export const PluginErrorCodes = ErrorCodes;

/** Two or more plugins provide a strategy (or service) of the same kind and name. */
export function pluginConflictError(kind: ProvidedKind, name: string, plugins: readonly string[]): Hop3Error {
  const quoted = plugins.map((plugin) => `"${plugin}"`);
  const list = quoted.length === 2 ? quoted.join(' and ') : quoted.join(', ');
  return coreError({
    code: ErrorCodes.pluginConflict,
    message:
      `Plugins ${list} ${plugins.length === 2 ? 'both' : 'all'} provide the ${kind} "${name}", and Hop3 will not pick one silently ` +
      `(only uses of this ${kind} are blocked). Either disable one of them (\`hop3 plugins disable ${plugins[1]}\`; a host embedding ` +
      `Hop3 passes \`deny\`), or prefer one for this name (\`hop3 plugins prefer ${kind}:${name} ${plugins[0]}\`; an embedding host passes \`prefer\`).`,
    details: { kind, name, plugins: [...plugins] },
  });
}
