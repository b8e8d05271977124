export { selectBuilder, BUILDER_MARKER_FILES } from './select-builder.js';
export { selectDeployer, getDeployerByName, preflightDeployers } from './select-deployer.js';
export { createAddon } from './create-addon.js';
export { createProxy, DEFAULT_PROXY } from './create-proxy.js';
export { detectOS } from './detect-os.js';
export type { Rejection } from './attempt.js';
