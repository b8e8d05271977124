import type { MaybePromise, StrategyRuntime } from '../protocols/common.js';
import type { StrategyEntry } from './strategy.js';

/** The plugin API version this core speaks. */
export const PLUGIN_API_VERSION = 1;
export const SUPPORTED_API_VERSIONS: readonly number[] = [1];

type HookResult<T> = MaybePromise<readonly T[]>;

/**
 * A long-running server-side service a plugin manages (a private nginx, a uWSGI emperor), so
 * hosts can offer `server start|stop|status` without knowing the plugin.
 */
export interface ServiceDescriptor {
  name: string;
  description?: string;
  start(runtime: StrategyRuntime): MaybePromise<void>;
  /** Idempotent. */
  stop(runtime: StrategyRuntime): MaybePromise<void>;
  /** Never throws. */
  status(runtime: StrategyRuntime): MaybePromise<ServiceStatus>;
}

export interface ServiceStatus {
  running: boolean;
  pid?: number | null;
  [key: string]: unknown;
}

/** Hooks a plugin may implement; each may be sync or async and returns a list. */
export interface Hop3Hooks {
  getBuilders?(): HookResult<StrategyEntry<'builder'>>;
  getDeployers?(): HookResult<StrategyEntry<'deployer'>>;
  getAddons?(): HookResult<StrategyEntry<'addon'>>;
  getProxies?(): HookResult<StrategyEntry<'proxy'>>;
  getOSImplementations?(): HookResult<StrategyEntry<'os'>>;
  /** Server-level services the plugin manages (see {@link ServiceDescriptor}). */
  getServices?(): HookResult<ServiceDescriptor>;
}

export type HookName = keyof Hop3Hooks;

export interface Hop3Plugin {
  /** Usually the npm package name. */
  name: string;
  apiVersion: number;
  version?: string;
  /** Ask to be ordered before (`pre`) or after (`post`) the other plugins. */
  enforce?: 'pre' | 'post';
  hooks: Hop3Hooks;
}

const PLUGIN_BRAND = Symbol.for('hop3.plugin');

/**
 * Declare a plugin. Returns the same object, branded so hosts recognise it even when it was
 * made by another copy of `@hop3/core`. Shape errors are reported when the plugin is loaded.
 */
export function definePlugin<const P extends Hop3Plugin>(plugin: P): P {
  Object.defineProperty(plugin, PLUGIN_BRAND, { value: true, enumerable: false });
  return plugin;
}

/** True for objects made by `definePlugin()` (any copy of core). */
export function isBrandedPlugin(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}
