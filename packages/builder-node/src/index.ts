import { definePlugin, type StrategyDescriptor } from '@hop3/core';
import { NodeBuilder } from './node-builder.js';

export { NodeBuilder, buildStepOf, type BuildStep } from './node-builder.js';
export { NodeBuildErrorCodes, type NodeBuildErrorCode } from './errors.js';
export { readPackageJson, checkPackageJson, type PackageJson } from './package-json.js';
export { choosePackageManager, LOCKFILES, type PackageManagerChoice, type PackageManagerName } from './package-manager.js';
export { readNodeVersionRequest, toRange, type NodeVersionRequest } from './node-version.js';
export { computeCacheKey, type CacheKeyInput } from './cache-key.js';
export { defaultWebCommand } from './start-command.js';
export { readBuildSettings, type NodeBuildSettings } from './settings.js';

export const nodeBuilder: StrategyDescriptor<'builder'> = {
  name: 'node',
  description: 'Node apps (package.json): npm, pnpm or yarn from the lockfile, the Node version engines asks for, node_modules reused by content hash',
  create: (context, runtime) => new NodeBuilder(context, runtime),
};

export default definePlugin({
  name: 'hop3-plugin-builder-node',
  apiVersion: 1,
  hooks: {
    getBuilders: () => [nodeBuilder],
  },
});
