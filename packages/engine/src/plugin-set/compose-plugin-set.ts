import type { Hop3Layout, LoadPluginsOptions, Logger } from '@hop3/core';
import { hasInstalledPlugins, linkHostCore, pluginFolder } from './plugin-folder.js';
import { readHostSettings } from './plugin-settings.js';

/**
 * The one place the plugin set is composed: the host's options (an integrator's explicit list,
 * discovery, allow/deny/prefer) together with what `hop3 plugins` keeps under HOP3_ROOT — the
 * plugin folder (scanned whatever the current directory, and winning over a copy found from
 * it), the deny list (`disable`) and the preferences (`prefer`). A deny from either side denies;
 * for one `kind:name`, the host's own `prefer` wins over the stored one.
 */
export async function composePluginSet(layout: Hop3Layout, options: LoadPluginsOptions, log: Logger): Promise<LoadPluginsOptions> {
  const { plugins: settings } = await readHostSettings(layout);
  const folder = pluginFolder(layout);
  if (hasInstalledPlugins(folder)) {
    await linkHostCore(folder).catch((error: unknown) => {
      // A read-only root (another user asking for status): the plugins may still resolve the core.
      log.debug(`could not refresh ${folder.coreLink}: ${(error as Error).message}`);
    });
  }
  return {
    ...options,
    pluginDirs: [folder.project, ...(options.pluginDirs ?? [])],
    deny: [...new Set([...(options.deny ?? []), ...settings.disabled])],
    prefer: { ...settings.prefer, ...options.prefer },
  };
}
