import type { BuildArtifact, DeploymentContext } from '../data/deployment.js';
import type { Addon } from '../protocols/addon.js';
import type { Builder } from '../protocols/builder.js';
import type { MaybePromise, StrategyRuntime } from '../protocols/common.js';
import type { Deployer } from '../protocols/deployer.js';
import type { OS } from '../protocols/os.js';
import type { Proxy, ProxyTarget } from '../protocols/proxy.js';

export const STRATEGY_KINDS = ['builder', 'deployer', 'addon', 'proxy', 'os'] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

/** What core passes to a strategy factory, per kind. */
export interface StrategyArgs {
  builder: [context: DeploymentContext, runtime: StrategyRuntime];
  deployer: [context: DeploymentContext, artifact: BuildArtifact, runtime: StrategyRuntime];
  addon: [addonName: string, runtime: StrategyRuntime];
  proxy: [target: ProxyTarget, runtime: StrategyRuntime];
  os: [runtime: StrategyRuntime];
}

export interface StrategyInstance {
  builder: Builder;
  deployer: Deployer;
  addon: Addon;
  proxy: Proxy;
  os: OS;
}

/**
 * A strategy as a plugin declares it: a name known without running anything, and a factory
 * core calls with the run-time context when the strategy is needed.
 */
export interface StrategyDescriptor<K extends StrategyKind = StrategyKind> {
  name: string;
  description?: string;
  create(...args: StrategyArgs[K]): MaybePromise<StrategyInstance[K]>;
  /** Optional check of the app's settings before anything is built or written; see {@link StrategyPreflight}. */
  preflight?: StrategyPreflight;
}

/**
 * Refuse what this strategy would refuse later, before the host builds or writes anything:
 * throw a coded `Hop3Error` naming the setting and how to fix it; write nothing. Deployers are
 * chosen only after the build (from the artifact), so the host calls the preflight of EVERY
 * deployer that could be chosen: check only the settings the strategy owns (`UWSGI_*`) and
 * conditions it would certainly hit if chosen.
 */
export type StrategyPreflight = (context: DeploymentContext, runtime: StrategyRuntime) => MaybePromise<void>;

/**
 * A strategy as a class: its static `strategyName` is the name (the class name is not used,
 * minifiers rename classes). Core calls `new Class(...args)`.
 */
export interface StrategyClass<K extends StrategyKind = StrategyKind> {
  readonly strategyName: string;
  readonly description?: string;
  /** The same optional check as {@link StrategyDescriptor.preflight}, as a static method. */
  readonly preflight?: StrategyPreflight;
  new (...args: StrategyArgs[K]): StrategyInstance[K];
}

export type StrategyEntry<K extends StrategyKind = StrategyKind> = StrategyDescriptor<K> | StrategyClass<K>;

/** A strategy as core keeps it after validation: always a descriptor, tagged with its origin. */
export interface RegisteredStrategy<K extends StrategyKind = StrategyKind> extends StrategyDescriptor<K> {
  kind: K;
  /** Name of the plugin that provided it. */
  plugin: string;
}
