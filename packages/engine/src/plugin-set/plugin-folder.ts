import { existsSync } from 'node:fs';
import { mkdir, readlink, rename, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runningCoreDir, type Hop3Layout } from '@hop3/core';
import { ensurePrivateDir } from '@hop3/kit';

/**
 * The host's plugin folder, `$HOP3_ROOT/plugins`:
 * - `installed/` is a private npm project (package.json, package-lock.json, node_modules) that
 *   `hop3 plugins install` fills; its node_modules is scanned by every command, whatever the
 *   current directory;
 * - `node_modules/@hop3/core` is a link to the core the host runs. Node resolves a plugin's
 *   `import '@hop3/core'` from `installed/node_modules/<plugin>/` upward, so it reaches this link
 *   (npm installs no core there: plugins peer on it and npm runs with --legacy-peer-deps), and
 *   the plugin shares the host's core (one plugin registry, one `Hop3Error` class).
 */
export interface PluginFolder {
  dir: string;
  project: string;
  coreLink: string;
}

export function pluginFolder(layout: Hop3Layout): PluginFolder {
  const dir = layout.pluginsDir;
  return { dir, project: join(dir, 'installed'), coreLink: join(dir, 'node_modules', '@hop3', 'core') };
}

/** True once something was installed (no folder: nothing to scan, nothing to link). */
export function hasInstalledPlugins(folder: PluginFolder): boolean {
  return existsSync(join(folder.project, 'node_modules'));
}

/**
 * Point `node_modules/@hop3/core` at the running core (the host may have been upgraded or moved
 * since the last command). One readlink when it is right; replaced atomically when not.
 */
export async function linkHostCore(folder: PluginFolder): Promise<void> {
  const target = runningCoreDir();
  const current = await readlink(folder.coreLink).catch(() => null);
  if (current === target) return;
  await ensurePrivateDir(folder.dir);
  await mkdir(join(folder.dir, 'node_modules', '@hop3'), { recursive: true });
  const temporary = `${folder.coreLink}.${process.pid}.tmp`;
  await unlink(temporary).catch(() => undefined);
  await symlink(target, temporary, 'dir');
  await rename(temporary, folder.coreLink);
}
