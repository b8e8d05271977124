import { definePlugin } from '@hop3/core';
import { RedisAddon } from './redis-addon.js';
import { redisServerService } from './services.js';

// The public surface: the strategy, its service, its settings and the error codes.
export { RedisAddon } from './redis-addon.js';
export { redisServerService } from './services.js';
export type { RedisServiceStatus, RedisServiceSummary } from './list-services.js';
export { readRedisSettings, type RedisSettings } from './settings.js';
export { RedisErrorCodes, type RedisErrorCode } from './errors.js';

export default definePlugin({
  name: 'hop3-plugin-addon-redis',
  apiVersion: 1,
  hooks: {
    getAddons: () => [
      {
        name: RedisAddon.strategyName,
        description: RedisAddon.description,
        create: (addonName: string, runtime) => new RedisAddon(addonName, runtime),
      },
    ],
    getServices: () => [redisServerService],
  },
});
