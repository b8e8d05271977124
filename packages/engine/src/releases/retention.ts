import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { ReleaseRecord } from './release-record.js';

export const DEFAULT_KEEP_RELEASES = 5;

export interface RetentionPlan {
  kept: ReleaseRecord[];
  dropped: ReleaseRecord[];
  /** Release dirs and artifact dirs no kept release uses. */
  remove: string[];
}

/** True when `path` is strictly inside `dir`. */
function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Which releases stay: the last `keep` that went live, the live one always, and the failed ones
 * newer than the oldest kept (they explain the history). What the dropped ones used — their
 * release dir, and their artifact when it is a path inside the app's dir (a venv under venvs/) —
 * is removed unless a kept release uses it too (a rollback shares its target's dir and artifact).
 */
export function planRetention(releases: readonly ReleaseRecord[], live: number, keep: number, appRoot: string): RetentionPlan {
  const wentLive = releases.filter((r) => r.outcome === 'succeeded').sort((a, b) => b.number - a.number);
  const keptNumbers = new Set([live, ...wentLive.slice(0, keep).map((r) => r.number)]);
  const oldest = Math.min(...keptNumbers);
  const kept = releases.filter((r) => keptNumbers.has(r.number) || (r.outcome === 'failed' && r.number > oldest));
  const dropped = releases.filter((r) => !kept.includes(r));
  const used = new Set(kept.flatMap((r) => [r.dir, r.artifact?.location]).filter((p): p is string => typeof p === 'string'));
  const candidates = dropped.flatMap((r) => [r.dir, r.artifact?.location]).filter((p): p is string => typeof p === 'string');
  const remove = [...new Set(candidates)].filter((path) => !used.has(path) && isInside(path, appRoot));
  return { kept, dropped, remove };
}

/** Numbered dirs under releases/ that no kept release names (left by an interrupted deploy). */
export async function strayReleaseDirs(releasesDir: string, kept: readonly ReleaseRecord[]): Promise<string[]> {
  const used = new Set(kept.map((r) => r.dir));
  const entries = await readdir(releasesDir).catch(() => [] as string[]);
  return entries.filter((entry) => /^\d+$/.test(entry)).map((entry) => join(releasesDir, entry)).filter((dir) => !used.has(dir));
}

export async function removePaths(paths: readonly string[]): Promise<void> {
  for (const path of paths) if (existsSync(path)) await rm(path, { recursive: true, force: true });
}
