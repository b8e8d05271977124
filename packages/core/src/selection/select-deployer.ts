import { ErrorCodes } from '../errors/codes.js';
import type { BuildArtifact, DeploymentContext } from '../data/deployment.js';
import type { StrategyRuntime } from '../protocols/common.js';
import type { Deployer } from '../protocols/deployer.js';
import type { PluginManager } from '../plugins/plugin-manager.js';
import { candidatesOf, firstAccepted, formatRejections, unavailableNote, strategyByName } from './attempt.js';
import { coreError } from '../errors/core-error.js';

/** A deployer the app or the host names, with what to tell the user about where it was named. */
interface NamedDeployer {
  name: string;
  /** Said when no loaded plugin provides it (after the list of available deployers). */
  unknownHint: string;
  /** Said when it refuses the artifact. */
  refusedHint: string;
}

/** The host's `forcedName`, else `[run] deployer` in hop3.toml, else none (deployers choose). */
function namedDeployer(context: DeploymentContext, forcedName: string | undefined): NamedDeployer | undefined {
  if (forcedName) {
    const hint = `The host asks for the deployer "${forcedName}".`;
    return { name: forcedName, unknownHint: hint, refusedHint: hint };
  }
  const configured = context.appConfig.run.deployer;
  if (!configured) return undefined;
  return {
    name: configured,
    unknownHint: 'It is set by [run] deployer in hop3.toml: use one of these names, or "auto".',
    refusedHint: 'It is set by [run] deployer in hop3.toml: name a deployer that runs this kind of artifact, or "auto" to let deployers choose.',
  };
}

/**
 * The deployer for a build: the named one (`forcedName`, else `[run] deployer` in hop3.toml) if
 * its `accept()` takes the artifact; otherwise the first deployer, in plugin order, whose
 * `accept()` does. Naming one lets a third-party deployer run an artifact kind a first-party one
 * also accepts.
 */
export async function selectDeployer(
  manager: PluginManager,
  context: DeploymentContext,
  artifact: BuildArtifact,
  runtime: StrategyRuntime,
  forcedName?: string,
): Promise<Deployer> {
  const named = namedDeployer(context, forcedName);
  const deployers = named ? [await strategyByName(manager, 'deployer', named.name, named.unknownHint)] : await candidatesOf(manager, 'deployer');
  const result = await firstAccepted(deployers, [context, artifact, runtime], (deployer) => deployer.accept(), 'accept()');
  if ('instance' in result) return result.instance;
  const lines = named
    ? [
        `The deployer "${named.name}" does not run artifact kind "${artifact.kind}" (app "${context.appName}", artifact at ${artifact.location}):`,
        formatRejections(result.rejections),
        named.refusedHint,
      ]
    : [
        `Could not find a deployer for artifact kind "${artifact.kind}" (app "${context.appName}", artifact at ${artifact.location}).`,
        deployers.length > 0 ? `Deployers tried:\n${formatRejections(result.rejections)}` : 'No deployer plugin is loaded.',
        `Install a deployer plugin that runs "${artifact.kind}" artifacts (\`hop3 plugins\` lists what is loaded).`,
        ...unavailableNote(manager),
      ];
  throw coreError({
    code: ErrorCodes.noStrategy,
    message: lines.join('\n'),
    details: { kind: 'deployer', app: context.appName, artifactKind: artifact.kind, ...(named ? { named: named.name } : {}), rejections: result.rejections },
  });
}

/**
 * Before the build: run the `preflight` of every deployer that could be chosen — the one named by
 * `[run] deployer` (an unknown name is refused here, before anything is written), else `name`
 * when the app's deployer is known, else all, in plugin order — so their refusals come before
 * anything is built or written. The first refusal is thrown as is.
 */
export async function preflightDeployers(manager: PluginManager, context: DeploymentContext, runtime: StrategyRuntime, name?: string): Promise<void> {
  const named = namedDeployer(context, undefined);
  const recorded = name ? { name, unknownHint: `App "${context.appName}" is recorded as deployed with "${name}".` } : undefined;
  const only = named ?? recorded;
  const deployers = only ? [await strategyByName(manager, 'deployer', only.name, only.unknownHint)] : await candidatesOf(manager, 'deployer');
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
