import type { AppRecord } from '../apps/app-record.js';
import type { EngineBase } from '../host/engine-host.js';
import { keepReleasesSetting } from '../host/host-settings.js';
import { releasesDir } from '../deploy/release-dir.js';
import type { ReleaseRecord } from './release-record.js';
import { ReleaseStore } from './release-store.js';
import { DEFAULT_KEEP_RELEASES, planRetention, removePaths, strayReleaseDirs } from './retention.js';

/**
 * Add a release to the app's history (the caller holds the app's lock). After one that went
 * live, apply retention (HOP3_KEEP_RELEASES, default 5): the history is written first, then the
 * release dirs and artifacts no kept release uses are removed, so it never names a removed dir.
 * `before` is the app's record before this release (it seeds the history of an older app).
 */
export async function appendRelease(host: EngineBase, app: string, before: AppRecord | null, release: ReleaseRecord): Promise<void> {
  const store = new ReleaseStore(host.layout, app);
  const releases = [...(await store.read(before)).filter((r) => r.number !== release.number), release];
  if (release.outcome === 'failed') {
    await store.write(releases);
    return;
  }
  const keep = keepReleasesSetting(host.env) ?? DEFAULT_KEEP_RELEASES;
  const paths = host.layout.app(app);
  const plan = planRetention(releases, release.number, keep, paths.root);
  await store.write(plan.kept);
  await removePaths([...plan.remove, ...(await strayReleaseDirs(releasesDir(paths), plan.kept))]);
}
