import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { ErrorCodes, getDeployerByName, hasErrorCode, Hop3Error, loadPlugins, type BuildArtifact, type DeploymentContext, type Deployer } from '@hop3/core';
import type { AppRecord } from '../apps/app-record.js';
import type { EngineHost } from '../host/engine-host.js';
import { pluginFolder } from './plugin-folder.js';

/**
 * The deployer's plugin when the current directory's node_modules is the only place it was
 * found (not the host's explicit set, not the plugin folder under HOP3_ROOT): what a deploy
 * records so later commands find it from anywhere. Null otherwise.
 */
export function pluginFoundFromCwd(host: EngineHost, deployer: string): AppRecord['deployerPlugin'] {
  const plugin = host.report.loaded.find((p) => p.strategies.deployer.includes(deployer));
  if (!plugin || plugin.source !== 'discovered') return null;
  const inFolder = !relative(pluginFolder(host.layout).dir, plugin.path).startsWith('..');
  return inFolder ? null : { name: plugin.name, path: plugin.path };
}

/**
 * The deployer an app runs with, by its recorded name. When no plugin of the current set
 * provides it and the deploy recorded where its plugin was found, that plugin is loaded from
 * there: `hop3 status app` works from any directory, not only from the one it was deployed from.
 */
export async function recordedDeployer(host: EngineHost, record: AppRecord, context: DeploymentContext, artifact: BuildArtifact): Promise<Deployer> {
  const name = record.app.runtime!;
  try {
    return await getDeployerByName(host.manager, name, context, artifact, host.runtime);
  } catch (error) {
    const recorded = record.deployerPlugin;
    if (!hasErrorCode(error, ErrorCodes.unknownStrategy) || recorded === null || host.manager.has(recorded.name)) throw error;
    if (!existsSync(recorded.path)) {
      const unknown = error as Hop3Error;
      throw new Hop3Error({
        code: unknown.code,
        message: `${unknown.message}\nIts plugin ${recorded.name} was found at ${recorded.path} when the app was deployed, and is gone: install it for the host with \`hop3 plugins install ${recorded.name}\`.`,
        cause: unknown,
        details: { ...unknown.details, recordedPlugin: recorded },
      });
    }
    const { manager } = await loadPlugins({ discover: false, plugins: [recorded.path] });
    const [loaded] = manager.names();
    if (loaded === undefined || !host.manager.adopt(manager, loaded)) throw error;
    return getDeployerByName(host.manager, name, context, artifact, host.runtime);
  }
}
