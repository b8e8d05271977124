import { ErrorCodes } from '../errors/codes.js';
import { Hop3Error } from '../errors/hop3-error.js';
import type { BuildArtifact, DeploymentContext } from '../data/deployment.js';
import type { StrategyRuntime } from '../protocols/common.js';
import type { Deployer } from '../protocols/deployer.js';
import type { PluginManager } from '../plugins/plugin-manager.js';
import { candidatesOf, firstAccepted, formatRejections, strategyByName } from './attempt.js';

/**
 * The deployer for a build: `forcedName` (a config override) wins; otherwise the first deployer,
 * in plugin order, whose `accept()` takes the artifact.
 */
export async function selectDeployer(
  manager: PluginManager,
  context: DeploymentContext,
  artifact: BuildArtifact,
  runtime: StrategyRuntime,
  forcedName?: string,
): Promise<Deployer> {
  if (forcedName) {
    const strategy = await strategyByName(manager, 'deployer', forcedName, `The app's configuration asks for the deployer "${forcedName}".`);
    return strategy.create(context, artifact, runtime);
  }
  const deployers = await candidatesOf(manager, 'deployer');
  const result = await firstAccepted(deployers, [context, artifact, runtime], (deployer) => deployer.accept(), 'accept()');
  if ('instance' in result) return result.instance;
  const lines = [
    `Could not find a deployer for artifact kind "${artifact.kind}" (app "${context.appName}", artifact at ${artifact.location}).`,
    deployers.length > 0 ? `Deployers tried:\n${formatRejections(result.rejections)}` : 'No deployer plugin is loaded.',
    `Install a deployer plugin that runs "${artifact.kind}" artifacts (\`hop3 plugins\` lists what is loaded).`,
  ];
  throw new Hop3Error(ErrorCodes.noStrategy, lines.join('\n'), {
    details: { kind: 'deployer', app: context.appName, artifactKind: artifact.kind, rejections: result.rejections },
  });
}

/**
 * Before the build: run the `preflight` of every deployer that could be chosen (`name` when the
 * app's deployer is known, else all, in plugin order), so their refusals come before anything is
 * built or written. The first refusal is thrown as is.
 */
export async function preflightDeployers(manager: PluginManager, context: DeploymentContext, runtime: StrategyRuntime, name?: string): Promise<void> {
  const deployers = name ? [await strategyByName(manager, 'deployer', name, `App "${context.appName}" is recorded as deployed with "${name}".`)] : await candidatesOf(manager, 'deployer');
  for (const deployer of deployers) await deployer.preflight?.(context, runtime);
}

/**
 * The deployer an app was deployed with (its recorded runtime), for start/stop/restart/status.
 * Without an artifact it gets `{ kind: 'unknown', location: <source> }`.
 */
export async function getDeployerByName(
  manager: PluginManager,
  name: string,
  context: DeploymentContext,
  artifact: BuildArtifact | null | undefined,
  runtime: StrategyRuntime,
): Promise<Deployer> {
  const strategy = await strategyByName(
    manager,
    'deployer',
    name,
    `App "${context.appName}" was deployed with "${name}": install the plugin that provides it, or redeploy the app.`,
  );
  return strategy.create(context, artifact ?? { kind: 'unknown', location: context.sourcePath, metadata: {} }, runtime);
}
