import type { AppState } from '@hop3/core';
import { AppStore } from '../apps/app-store.js';
import type { EngineBase } from '../host/engine-host.js';
import type { ReleaseSource } from '../releases/release-record.js';

/** One app in {@link listApps}: its recorded state, or `damaged` with the file that cannot be read. */
export type AppSummary =
  | { name: string; state: AppState; url: string | null; runtime: string | null; release: number; source: ReleaseSource | null }
  | { name: string; state: 'damaged'; url: null; runtime: null; release: null; source: null; stateFile: string; problem: string };

/** Every app with a state file, in name order. Reads state only: no plugin is loaded. */
export async function listApps(base: EngineBase): Promise<AppSummary[]> {
  const entries = await new AppStore(base.layout).listAll();
  return entries.map((entry): AppSummary =>
    'record' in entry
      ? { name: entry.name, state: entry.record.app.state, url: entry.record.url, runtime: entry.record.app.runtime, release: entry.record.release, source: entry.record.source }
      : { name: entry.name, state: 'damaged', url: null, runtime: null, release: null, source: null, stateFile: entry.damaged.path, problem: entry.damaged.message },
  );
}
