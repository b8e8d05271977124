import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '@hop3/kit';

/** What a finished build left in its venv (written last: a venv without it is unfinished). */
export interface BuildState {
  version: 1;
  requirementsHash: string;
  pythonVersion: string;
  builtAt: string;
}

export function buildStatePath(venv: string): string {
  return join(venv, '.hop3-build.json');
}

/** The saved state, or null when missing or unreadable (then the install runs). */
export async function readBuildState(venv: string): Promise<BuildState | null> {
  try {
    const parsed = JSON.parse(await readFile(buildStatePath(venv), 'utf8')) as Partial<BuildState>;
    if (parsed.version !== 1 || typeof parsed.requirementsHash !== 'string' || typeof parsed.pythonVersion !== 'string') return null;
    return parsed as BuildState;
  } catch {
    return null;
  }
}

export async function writeBuildState(venv: string, state: Omit<BuildState, 'version' | 'builtAt'>): Promise<void> {
  await writeJsonAtomic(buildStatePath(venv), { version: 1, ...state, builtAt: new Date().toISOString() });
}
