import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Path → `type size mtime mode` of everything under some directories. */
export type FsSnapshot = Map<string, string>;

async function walk(path: string, into: FsSnapshot): Promise<void> {
  let info;
  try {
    info = await lstat(path);
  } catch {
    return;
  }
  const type = info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'link' : 'file';
  into.set(path, `${type} ${info.isDirectory() ? '' : info.size} ${info.mtimeMs} ${info.mode.toString(8)}`);
  if (!info.isDirectory()) return;
  for (const name of await readdir(path)) await walk(join(path, name), into);
}

/** What is on disk under `dirs` now (missing dirs count as empty). */
export async function snapshotFiles(...dirs: string[]): Promise<FsSnapshot> {
  const snapshot: FsSnapshot = new Map();
  for (const dir of dirs) await walk(dir, snapshot);
  return snapshot;
}

/** Lines naming what changed between two snapshots (`+ created`, `- removed`, `~ changed`). */
export function diffSnapshots(before: FsSnapshot, after: FsSnapshot): string[] {
  const changes: string[] = [];
  for (const [path, value] of after) {
    if (!before.has(path)) changes.push(`+ ${path}`);
    else if (before.get(path) !== value) changes.push(`~ ${path}`);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push(`- ${path}`);
  return changes.sort();
}
