import { chown, lchown, lstat, mkdir, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ensurePrivateDir } from '@hop3/kit';

export interface AppDirs {
  /** The app's own dir under HOP3_ROOT (apps/<app>): only what is inside it is ever chowned. */
  appRoot: string;
  log: string;
  data: string;
  /** The release the vassals run in (their chdir). */
  release: string;
  socketDir: string;
}

type Owner = { uid: number; gid: number };

/** lchown `dir` and everything below it (symbolic links themselves, never their targets). */
async function chownTree(dir: string, owner: Owner): Promise<void> {
  await chown(dir, owner.uid, owner.gid);
  for (const entry of await readdir(dir, { recursive: true })) {
    await lchown(join(dir, entry), owner.uid, owner.gid);
  }
}

/** The dir for `owner`: the whole tree the first time (it was someone else's), else the dir alone. */
async function handOver(dir: string, owner: Owner): Promise<void> {
  const stats = await lstat(dir);
  if (stats.uid !== owner.uid || stats.gid !== owner.gid) await chownTree(dir, owner);
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
}

/**
 * Make what the app's processes write usable by the account they run as. The log and data dirs
 * are 0700 (logs may show secrets; data is the app's own). When hop3 runs as root and the app
 * as another account (`owner`), that account gets them, the release dir (apps may write beside
 * their code) and the socket dir (uWSGI binds and removes sockets after dropping privileges).
 */
export async function prepareAppDirs(dirs: AppDirs, owner: Owner | null): Promise<void> {
  await ensurePrivateDir(dirs.log);
  await ensurePrivateDir(dirs.data);
  await mkdir(dirs.socketDir, { recursive: true });
  if (owner === null) return;
  await handOver(dirs.log, owner);
  await handOver(dirs.data, owner);
  await chown(dirs.socketDir, owner.uid, owner.gid);
  if (isInside(dirs.appRoot, dirs.release)) await handOver(dirs.release, owner);
}
