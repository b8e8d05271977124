import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isSafeName, type Hop3Layout } from '@hop3/core';
import { readJsonState, withLock, writeJsonAtomic } from '@hop3/kit';
import { appRecordSchema, type AppRecord } from './app-record.js';
import { engineError, EngineErrorCodes } from '../errors.js';

/** One app in a listing: its record, or the state file that could not be read and why. */
export type AppListEntry = { name: string; record: AppRecord } | { name: string; damaged: { path: string; message: string } };

/** The host's app records: JSON files written atomically, one lock per app. */
export class AppStore {
  constructor(private readonly layout: Hop3Layout) {}

  /** The app's record, null when it has none, or a `HOP3_STATE_CORRUPT` error naming the file and the way out. */
  async read(name: string): Promise<AppRecord | null> {
    const record = await readJsonState(this.layout.app(name).state, appRecordSchema, {
      what: `the state file of app "${name}"`,
      recovery: `restore the file from a backup, or remove the app with "hop3 destroy ${name} --yes" (its data/ dir is kept) and deploy it again`,
    });
    return record ?? null;
  }

  /** The app's record, or an error (`HOP3_APP_NOT_FOUND`, bad input) that tells the user how to find the right name. */
  async require(name: string): Promise<AppRecord> {
    const record = await this.read(name);
    if (record === null) {
      throw engineError({
        message: `No app named "${name}". Run "hop3 apps" to list apps, or "hop3 deploy <dir> --app ${name}".`,
        code: EngineErrorCodes.appNotFound,
      });
    }
    return record;
  }

  async write(record: AppRecord): Promise<void> {
    const stamped = { ...record, app: { ...record.app, updatedAt: new Date().toISOString() } };
    // 0600: the record holds the app's env (its secrets) and its services' connection URLs.
    await writeJsonAtomic(this.layout.app(record.app.name).state, appRecordSchema.parse(stamped), { mode: 0o600 });
  }

  /** The readable app records; damaged ones are left out (see {@link listAll}). */
  async list(): Promise<AppRecord[]> {
    return (await this.listAll()).flatMap((entry) => ('record' in entry ? [entry.record] : []));
  }

  /** Every app that has a state file, in name order: its record, or why the file cannot be read. */
  async listAll(): Promise<AppListEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.layout.appsDir);
    } catch {
      return [];
    }
    const entries = await Promise.all(
      names.filter(isSafeName).sort().map(async (name): Promise<AppListEntry | null> => {
        try {
          const record = await this.read(name);
          return record === null ? null : { name, record };
        } catch (error) {
          return { name, damaged: { path: this.layout.app(name).state, message: (error as Error).message } };
        }
      }),
    );
    return entries.filter((entry): entry is AppListEntry => entry !== null);
  }

  /** Run `fn` holding the app's lock, so two commands never change one app at once. */
  withAppLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.layout.app(name); // validates the name before it becomes a path
    const lockPath = join(this.layout.runDir, 'locks', `${name}.lock`);
    return withLock(lockPath, fn, { timeoutMs: 120_000 });
  }
}
