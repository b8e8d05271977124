import { open } from 'node:fs/promises';
import type { WorkerFamily } from './workers.js';

/** Where the log of the process that should answer started, when a generation was installed. */
export interface ServingLog {
  file: string;
  /** Its size before the new generation started: only what comes after is about this start. */
  offset: number;
  family: WorkerFamily;
  kind: string;
}

/**
 * Why the serving process cannot come up, judged from what it logged since `offset`, or null.
 * A wsgi vassal runs with `need-app`: a failed import logs "unable to load app" and the vassal
 * exits ("GAME OVER"; the emperor respawns it to fail again). A web command that keeps dying is
 * respawned by uWSGI's daemon supervisor: two respawns mean it is not starting.
 */
export function startupFailureIn(text: string, log: Pick<ServingLog, 'family' | 'kind'>): string | null {
  if (log.family === 'wsgi') {
    if (!/unable to load app|no app loaded\. GAME OVER|no python application found/.test(text)) return null;
    const error = lastExceptionLine(text);
    return `the ${log.kind} process could not load the app and exited${error ? `: ${error}` : ''}`;
  }
  if (log.family === 'web') {
    const respawns = text.match(/^\[uwsgi-daemons\] respawning /gm)?.length ?? 0;
    if (respawns < 2) return null;
    return `the ${log.kind} process exited ${respawns + 1} times since it was started`;
  }
  return null;
}

/** The last "SomeError: message" line of a Python traceback, if any. */
function lastExceptionLine(text: string): string | undefined {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i]!.trim();
    if (/^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b(:|$)/.test(line)) return line;
  }
  return undefined;
}

/** What the serving process logged since `offset` (from the start if the log was rotated). */
export async function readSince(file: string, offset: number): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    const start = size < offset ? 0 : offset;
    const length = Math.min(size - start, 1024 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
