import { definePlugin } from '@hop3/core';
import { PostgresAddon } from './postgres-addon.js';

export { PostgresAddon } from './postgres-addon.js';
export { PostgresErrorCodes, type PostgresErrorCode } from './errors.js';
export { quoteIdent, quoteLiteral } from './sql.js';
export { buildDatabaseUrl, parsePostgresUrl, type ConnectionInfo } from './connection.js';
export { serviceNames, MAX_SERVICE_NAME_LENGTH, type ServiceNames } from './names.js';
export { readSettings, type PostgresSettings } from './settings.js';
export { scramSha256Verifier } from './scram.js';

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
