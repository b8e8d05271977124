/**
 * @hop3/core — the protocols, data schemas, hooks, plugin manager and discovery loader of Hop3.
 * Kept small on purpose: zod and a TOML parser are its only dependencies.
 */
export * from './errors/index.js';
export * from './data/index.js';
export * from './protocols/index.js';
export * from './layout/index.js';
export * from './plugins/index.js';
export * from './selection/index.js';
export * from './config/index.js';
export { ownPackageJsonPath } from './util/own-package-json.js';
/**
 * The zod that core's schemas are built with (bundled into core): hosts and plugins that extend
 * core's schemas (`appSchema.extend(…)`, `z.object({ app: appSchema })`) use it, so one copy of
 * zod is loaded, not two.
 */
export { z } from 'zod';
