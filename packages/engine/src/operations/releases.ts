import { existsSync } from 'node:fs';
import type { BuildArtifact } from '@hop3/core';
import { AppStore } from '../apps/app-store.js';
import type { EngineBase } from '../host/engine-host.js';
import type { ReleaseRecord, ReleaseSource } from '../releases/release-record.js';
import { ReleaseStore } from '../releases/release-store.js';

/** One release in {@link listReleases} (the user env it ran with is never listed: secrets). */
export interface ReleaseEntry {
  number: number;
  createdAt: string;
  action: 'deploy' | 'rollback';
  rollbackOf?: number;
  source: ReleaseSource;
  builder: string | null;
  deployer: string | null;
  artifact: Pick<BuildArtifact, 'kind' | 'location'> | null;
  configVersion: number;
  outcome: 'succeeded' | 'failed';
  error?: string;
  /** The release serving now. */
  live: boolean;
  /** `hop3 rollback <app> <number>` can put it back: it went live and its code and artifact are kept. */
  canRollBack: boolean;
}

export interface ReleasesResult {
  app: string;
  live: number;
  releases: ReleaseEntry[];
}

/** True when a release's code and artifact are still there to run again (without a build). */
export function isRunnable(release: ReleaseRecord): boolean {
  if (release.outcome !== 'succeeded' || release.dir === null || release.artifact === null || release.deployer === null) return false;
  const location = release.artifact.location;
  // Artifacts that are not paths (an image tag) are their deployer's to keep.
  return existsSync(release.dir) && (!location.startsWith('/') || existsSync(location));
}

/** The app's releases, newest first. Reads state only: no plugin is loaded. */
export async function listReleases(base: EngineBase, app: string): Promise<ReleasesResult> {
  const record = await new AppStore(base.layout).require(app);
  const history = await new ReleaseStore(base.layout, app).read(record);
  const releases = [...history].reverse().map((r): ReleaseEntry => {
    const live = r.number === record.release;
    return {
      number: r.number,
      createdAt: r.createdAt,
      action: r.action,
      ...(r.rollbackOf === undefined ? {} : { rollbackOf: r.rollbackOf }),
      source: r.source,
      builder: r.builder,
      deployer: r.deployer,
      artifact: r.artifact === null ? null : { kind: r.artifact.kind, location: r.artifact.location },
      configVersion: r.configVersion,
      outcome: r.outcome,
      ...(r.error === undefined ? {} : { error: r.error }),
      live,
      canRollBack: !live && isRunnable(r),
    };
  });
  return { app, live: record.release, releases };
}
