import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonState, writeJsonAtomic, type StateSchema } from '@hop3/kit';
import { UwsgiErrorCodes } from './errors.js';
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

/** The fields every state has; the rest is trusted (only this plugin writes the file). */
const stateSchema: StateSchema<DeployState> = {
  safeParse(value) {
    const v = value as Partial<DeployState> | null;
    const valid = typeof v === 'object' && v !== null && !Array.isArray(v) && (v.lastGeneration === undefined || Number.isInteger(v.lastGeneration));
    if (!valid) return { success: false, error: { issues: [{ path: [], message: 'expected an object with a whole lastGeneration' }] } };
    return { success: true, data: { ...emptyState(), ...v, version: 1 } };
  },
};

export async function readState(appRoot: string): Promise<DeployState> {
  const state = await readJsonState(statePath(appRoot), stateSchema, {
    what: 'the uWSGI state file',
    recovery: 'restore it from a backup, or remove the app with "hop3 destroy <app> --yes" and deploy it again',
    code: UwsgiErrorCodes.corruptState,
  });
  return state ?? emptyState();
}

export async function writeState(appRoot: string, state: DeployState): Promise<void> {
  await writeJsonAtomic(statePath(appRoot), state);
}

export async function removeState(appRoot: string): Promise<void> {
  await rm(statePath(appRoot), { force: true });
}
