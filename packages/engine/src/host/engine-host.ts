import { existsSync } from 'node:fs';
import {
  createLayout,
  loadPlugins,
  resolveHop3Root,
  type Hop3Layout,
  type LoadPluginsOptions,
  type LoadReport,
  type Logger,
  type PluginManager,
  type StrategyRuntime,
} from '@hop3/core';
import { silentLogger } from '@hop3/kit';
import type { EngineEvent, EngineEventListener } from '../events.js';
import { checkHostSettings } from './host-settings.js';
import { composePluginSet } from '../plugin-set/compose-plugin-set.js';
import { ensureHop3Root } from './hop3-root.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What every operation works with before any plugin is loaded: state on disk and the sinks. */
export interface EngineBase {
  layout: Hop3Layout;
  env: Env;
  log: Logger;
  emit: (event: EngineEvent) => void;
}

/** A loaded engine: the plugins, their load report, and the runtime handed to strategies. */
export interface EngineHost extends EngineBase {
  manager: PluginManager;
  report: LoadReport;
  runtime: StrategyRuntime;
}

export interface EngineHostOptions {
  root?: string;
  env?: Env;
  plugins?: LoadPluginsOptions;
  log?: Logger;
  onEvent?: EngineEventListener;
}

export interface OpenedEngineHost {
  base: EngineBase;
  /** The plugin set, loaded once: operations that only read state never import a plugin. */
  load: () => Promise<EngineHost>;
  /** Forget the loaded set (after a plugin was installed or its settings changed): the next `load` reads it again. */
  reload: () => void;
  /** Create HOP3_ROOT (0700) if it is missing: before the first operation that writes. */
  ensureRoot: () => Promise<void>;
}

/**
 * Check the host settings and an existing HOP3_ROOT (a directory; access for others taken
 * away). A missing root is created by the first operation that writes, so reading (apps, a
 * dry-run setup) changes nothing.
 */
export async function openEngineHost(options: EngineHostOptions): Promise<OpenedEngineHost> {
  const given = options.env ?? process.env;
  checkHostSettings(given);
  const root = options.root ?? resolveHop3Root({ env: given });
  // Strategies read HOP3_ROOT from their env too: one root for everyone.
  const env: Env = options.root === undefined ? given : { ...given, HOP3_ROOT: options.root };
  const layout = createLayout(root);
  let creating: Promise<void> | undefined = existsSync(layout.root) ? ensureHop3Root(layout.root) : undefined;
  await creating;
  const ensureRoot = (): Promise<void> => {
    creating ??= ensureHop3Root(layout.root).catch((error: unknown) => {
      creating = undefined;
      throw error;
    });
    return creating;
  };
  const listener = options.onEvent;
  const emit = (event: EngineEvent): void => {
    try {
      listener?.(event);
    } catch {
      // A listener's own failure must not break a deploy half-way.
    }
  };
  const base: EngineBase = { layout, env, log: options.log ?? silentLogger, emit };
  let loading: Promise<EngineHost> | undefined;
  const load = (): Promise<EngineHost> => {
    loading ??= composePluginSet(layout, options.plugins ?? {}, base.log).then(loadPlugins).then(
      ({ manager, report }) => ({ ...base, manager, report, runtime: { layout, env, log: base.log } }),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  const reload = (): void => {
    loading = undefined;
  };
  return { base, load, reload, ensureRoot };
}

/** The host as seen by one app's operation: build output lines become that app's events. */
export function forApp(host: EngineHost, app: string): EngineHost {
  const log: Logger = {
    info: (message) => host.log.info(message),
    warn: (message) => host.log.warn(message),
    debug: (message) => host.log.debug(message),
    progress: (line) => host.emit({ type: 'build:output', app, line }),
  };
  return { ...host, runtime: { ...host.runtime, log } };
}
