import { definePlugin, type StrategyDescriptor } from '@hop3/core';
import { PythonBuilder } from './python-builder.js';

// The public surface: the strategy, its settings and the error codes.
export { PythonBuilder } from './python-builder.js';
export type { InstallMode } from './dependency-hash.js';
export { readBuildSettings, DEFAULT_PYTHON, type PythonBuildSettings } from './settings.js';
export { PythonBuildErrorCodes, type PythonBuildErrorCode } from './errors.js';

export const pythonBuilder: StrategyDescriptor<'builder'> = {
  name: 'python',
  description: 'Python apps (requirements.txt or pyproject.toml): a virtualenv with pip, reused while dependencies do not change',
  create: (context, runtime) => new PythonBuilder(context, runtime),
};

export default definePlugin({
  name: 'hop3-plugin-builder-python',
  apiVersion: 1,
  hooks: {
    getBuilders: () => [pythonBuilder],
  },
});
