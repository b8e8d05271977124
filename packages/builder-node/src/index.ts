import { definePlugin, type StrategyDescriptor } from '@hop3/core';
import { NodeBuilder } from './node-builder.js';

// The public surface: the strategy, its settings and the error codes.
export { NodeBuilder } from './node-builder.js';
export { readBuildSettings, type NodeBuildSettings } from './settings.js';
export { NodeBuildErrorCodes, type NodeBuildErrorCode } from './errors.js';

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
