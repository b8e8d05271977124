import { definePlugin } from '@hop3/core';
import { PostgresAddon } from './postgres-addon.js';

// The public surface: the strategy, its settings and the error codes.
export { PostgresAddon } from './postgres-addon.js';
export type { ConnectionInfo } from './connection.js';
export { MAX_SERVICE_NAME_LENGTH } from './names.js';
export { readSettings, type PostgresSettings } from './settings.js';
export { PostgresErrorCodes, type PostgresErrorCode } from './errors.js';

export default definePlugin({
  name: 'hop3-plugin-addon-postgres',
  apiVersion: 1,
  hooks: {
    getAddons: () => [
      {
        name: 'postgres',
        description: PostgresAddon.description,
        create: (addonName: string, runtime) => new PostgresAddon(addonName, runtime),
      },
    ],
  },
});
