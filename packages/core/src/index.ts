/**
 * @hop3/core — the protocols, data schemas, hooks, plugin manager and discovery loader of Hop3.
 * Kept small on purpose: zod (its tree-shakable mini API) and a TOML parser are compiled in.
 */
export * from './errors/index.js';
export * from './data/index.js';
export * from './protocols/index.js';
export * from './layout/index.js';
export * from './plugins/index.js';
export * from './selection/index.js';
export * from './config/index.js';
export { ownPackageJsonPath } from './util/own-package-json.js';
export { lazySchema } from './schema/lazy-schema.js';
/**
 * The zod that core's schemas are built with (zod's mini API, compiled into core): hosts and
 * plugins that extend core's schemas (`z.extend(appSchema, …)`, `z.object({ app: appSchema })`)
 * use it, so one copy of zod is loaded, not two. See the README, "Schemas and z".
 */
export * as z from './schema/zod.js';
