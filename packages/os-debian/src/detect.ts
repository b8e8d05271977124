import { displayNameOf, isDebianFamily, readOsRelease } from './os-release.js';

export const DEFAULT_OS_RELEASE_PATH = '/etc/os-release';

/** What detection found; serialisable. */
export interface OsInfo {
  detected: boolean;
  displayName: string | null;
  id: string | null;
  versionId: string | null;
  osReleasePath: string;
}

/** Read os-release and decide whether this is a Debian-family system. Never throws. */
export async function detectOs(osReleasePath: string): Promise<OsInfo> {
  const release = await readOsRelease(osReleasePath);
  if (!release) return { detected: false, displayName: null, id: null, versionId: null, osReleasePath };
  return {
    detected: isDebianFamily(release),
    displayName: displayNameOf(release) ?? null,
    id: release.ID ?? null,
    versionId: release.VERSION_ID ?? null,
    osReleasePath,
  };
}
