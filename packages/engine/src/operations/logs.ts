import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppStore } from '../apps/app-store.js';
import type { EngineBase } from '../host/engine-host.js';
import { engineError, EngineErrorCodes } from '../errors.js';

export interface LogsInput {
  app: string;
  /** Last lines of each log (default 50). */
  lines?: number;
}

export interface LogsResult {
  app: string;
  /** The app's log dir. */
  dir: string;
  /** Log file name → its last lines, in name order (workers and builds). */
  logs: Record<string, string[]>;
}

/** The last lines of each of an app's logs. Reads files only: no plugin is loaded. */
export async function readLogs(base: EngineBase, input: LogsInput): Promise<LogsResult> {
  const count = input.lines ?? 50;
  if (!Number.isInteger(count) || count <= 0) throw engineError({ message: `lines must be a positive whole number, got ${count}`, code: EngineErrorCodes.invalidInput });
  const record = await new AppStore(base.layout).require(input.app);
  const dir = record.app.paths.log;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.log')).sort();
  const logs: Record<string, string[]> = {};
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    logs[file] = text.split('\n').filter((line) => line !== '').slice(-count);
  }
  return { app: input.app, dir, logs };
}
