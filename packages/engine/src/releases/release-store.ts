import { join } from 'node:path';
import type { Hop3Layout } from '@hop3/core';
import { readJsonState, writeJsonAtomic } from '@hop3/kit';
import type { AppRecord } from '../apps/app-record.js';
import { releaseHistorySchema, type ReleaseRecord } from './release-record.js';

/** apps/<app>/releases.json: the app's numbered releases, oldest first. */
export function releaseHistoryPath(layout: Hop3Layout, app: string): string {
  return join(layout.app(app).root, 'releases.json');
}

/** The app's release history; written atomically, 0600 (records hold the user env). Callers hold the app's lock to change it. */
export class ReleaseStore {
  constructor(
    private readonly layout: Hop3Layout,
    private readonly app: string,
  ) {}

  /**
   * The releases, oldest first. An app deployed before release records existed gets one record
   * for its live release, so it can be listed, kept and rolled back to.
   */
  async read(live?: AppRecord | null): Promise<ReleaseRecord[]> {
    const history = await readJsonState(releaseHistoryPath(this.layout, this.app), releaseHistorySchema, {
      what: `the release history of app "${this.app}"`,
      recovery: `restore it from a backup, or remove it (the live release keeps running; older ones can no longer be rolled back to)`,
    });
    if (history !== undefined) return history.releases;
    return live && live.release > 0 && live.artifact !== null ? [seedRecord(live)] : [];
  }

  async write(releases: readonly ReleaseRecord[]): Promise<void> {
    await writeJsonAtomic(releaseHistoryPath(this.layout, this.app), { version: 1, releases }, { mode: 0o600 });
  }

  /** The number the next release gets: after every recorded one and the live one. */
  static nextNumber(releases: readonly ReleaseRecord[], live: AppRecord | null): number {
    return Math.max(live?.release ?? 0, ...releases.map((r) => r.number)) + 1;
  }
}

function seedRecord(live: AppRecord): ReleaseRecord {
  return {
    number: live.release,
    createdAt: live.app.updatedAt ?? live.app.createdAt ?? new Date(0).toISOString(),
    action: 'deploy',
    source: live.source ?? { kind: 'dir', path: live.app.paths.src },
    dir: live.app.paths.src,
    builder: live.app.builder,
    deployer: live.app.runtime,
    artifact: live.artifact,
    configVersion: live.configVersion,
    outcome: 'succeeded',
    userEnv: live.userEnv,
  };
}
