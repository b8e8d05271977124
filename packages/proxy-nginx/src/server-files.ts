import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ownerOf, writeFileAtomic } from '@hop3/kit';
import type { NginxServer } from './server.js';
import { commonTemplate, mainTemplate, templateFiles } from './templates.js';

/** Write `content` unless the file already holds exactly that; returns whether it changed. */
export async function writeIfChanged(path: string, content: string, mode = 0o644): Promise<boolean> {
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current === content) return false;
  await writeFileAtomic(path, content, { mode });
  return true;
}

/**
 * The `user` line of the embedded nginx. As root, nginx would run its workers as `nobody`,
 * which cannot read app files under a 0700 home nor the 0660 uWSGI sockets: run them as the
 * owner of HOP3_ROOT instead. Not root: nginx keeps our own user and ignores the directive.
 */
export async function workerUser(root: string): Promise<string | null> {
  if (process.getuid?.() !== 0) return null;
  const { user, group } = ownerOf(root);
  if (user === null) return null;
  return group === null ? user : `${user} ${group}`;
}

/** Render the embedded main configuration. */
export async function renderMainConfig(server: NginxServer, root: string): Promise<string> {
  return mainTemplate()({
    root,
    user: await workerUser(root),
    pidFile: server.pidFile,
    logsDir: server.logsDir,
    tempDir: server.tempDir,
    sitesDir: server.sitesDir,
    mimeTypes: join(server.prefix ?? root, 'mime.types'),
    httpListen: server.httpListens[0],
    httpsListen: server.httpsListens[0],
  });
}

/**
 * Make sure the files every app's config relies on exist: the shared http-level definitions
 * and, when embedded, the main configuration, its mime types and its directories. Returns
 * whether the main configuration changed (nginx must then be reloaded even if no app did).
 */
export async function ensureServerFiles(server: NginxServer, root: string): Promise<boolean> {
  await mkdir(server.sitesDir, { recursive: true });
  // The ACME challenge location of every site points here (token files appear only during an order).
  await mkdir(server.acmeWebroot, { recursive: true, mode: 0o755 });
  let changed = await writeIfChanged(server.commonConfig, commonTemplate()({}));
  if (server.mode === 'embedded' && server.mainConfig && server.prefix && server.logsDir && server.tempDir) {
    await Promise.all([mkdir(server.logsDir, { recursive: true }), mkdir(server.tempDir, { recursive: true })]);
    const mimeTypes = await readFile(templateFiles.mimeTypes, 'utf8');
    changed = (await writeIfChanged(join(server.prefix, 'mime.types'), mimeTypes)) || changed;
    changed = (await writeIfChanged(server.mainConfig, await renderMainConfig(server, root))) || changed;
  }
  return changed;
}
