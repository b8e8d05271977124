import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '@hop3/kit';
import type { Counts } from './scaling.js';

/** One vassal of a generation. */
export interface VassalRecord {
  kind: string;
  ordinal: number;
  file: string;
  /** HTTP port (wsgi http-socket, web $PORT), or null. */
  port: number | null;
  socket: string | null;
}

/** One started version of the app. */
export interface GenerationRecord {
  generation: number;
  /** False until the host calls commit(): rollback() removes only an uncommitted generation. */
  committed: boolean;
  sourcePath: string;
  vassals: VassalRecord[];
}

export interface DeployState {
  version: 1;
  /** Process count per kind (persisted across deploys, stop and start). */
  counts: Counts;
  /** Highest generation number handed out. */
  lastGeneration: number;
  current: GenerationRecord | null;
  /** The generation that served before `current` and still runs until commit(). */
  previous: GenerationRecord | null;
  stopped: boolean;
}

export function emptyState(): DeployState {
  return { version: 1, counts: {}, lastGeneration: 0, current: null, previous: null, stopped: false };
}

export function statePath(appRoot: string): string {
  return join(appRoot, 'uwsgi-state.json');
}

export async function readState(appRoot: string): Promise<DeployState> {
  let text: string;
  try {
    text = await readFile(statePath(appRoot), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<DeployState>;
  return { ...emptyState(), ...parsed, version: 1 };
}

export async function writeState(appRoot: string, state: DeployState): Promise<void> {
  await writeJsonAtomic(statePath(appRoot), state);
}

export async function removeState(appRoot: string): Promise<void> {
  await rm(statePath(appRoot), { force: true });
}
