export { loadPlugins, type LoadPluginsOptions, type LoadPluginsResult } from './load-plugins.js';
export { scanForPlugins, scanNodeModules, nodeModulesChain, isPluginPackageName, type PluginCandidate } from './scan.js';
export { PluginLoadError } from './load-error.js';
export type { PluginSpecifier } from './explicit.js';
export type { LoadReport, LoadedPlugin, SkippedPlugin, FailedPlugin, DuplicatePlugin, ConflictReport, LoadPhase, PluginWarning } from './load-report.js';
export { incompatibility, checkPluginPackage, readPackageJson, type PackageJson, type PluginPackageCheck } from './package-metadata.js';
export { resolvePackageEntry } from './resolve-entry.js';
export { runningCoreVersion, runningCoreDir } from './core-version.js';
