import {
  createLayout,
  loadPlugins,
  ownPackageJsonPath,
  resolveHop3Root,
  type Hop3Layout,
  type LoadReport,
  type PluginManager,
  type StrategyRuntime,
} from '@hop3/core';
import { createLogger } from '@hop3/kit';
import type { CommandIO } from '../io/command.js';
import { checkHostSettings } from './host-settings.js';
import { ensureHop3Root } from './hop3-root.js';

/** A loaded host: the plugins, their load report, and the runtime handed to strategies. */
export interface Host {
  manager: PluginManager;
  report: LoadReport;
  layout: Hop3Layout;
  runtime: StrategyRuntime;
}

// The CLI's own package.json lists the first-party plugins it ships with (`hop3.plugins`).
const CLI_PACKAGE_JSON = ownPackageJsonPath(import.meta.url);

export interface HostOptions {
  /** Also scan node_modules from the working directory (default true). */
  discover?: boolean;
}

export async function createHost(io: CommandIO, options: HostOptions = {}): Promise<Host> {
  checkHostSettings(io.env);
  const { manager, report } = await loadPlugins({
    cwd: io.cwd,
    discover: options.discover ?? io.env.HOP3_DISCOVER !== '0',
    hostPackageJson: CLI_PACKAGE_JSON,
  });
  const layout = createLayout(resolveHop3Root({ env: io.env }));
  await ensureHop3Root(layout.root);
  const runtime: StrategyRuntime = {
    layout,
    env: io.env,
    log: createLogger({ write: io.stderr, debug: Boolean(io.env.HOP3_DEBUG), progress: io.interactive }),
  };
  return { manager, report, layout, runtime };
}
