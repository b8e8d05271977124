import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Abort, Hop3Error, isSafeName, type Hop3Layout } from '@hop3/core';
import { withLock, writeJsonAtomic } from '@hop3/kit';
import { appRecordSchema, type AppRecord } from './app-record.js';

/** The host's app records: JSON files written atomically, one lock per app. */
export class AppStore {
  constructor(private readonly layout: Hop3Layout) {}

  async read(name: string): Promise<AppRecord | null> {
    const path = this.layout.app(name).state;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = appRecordSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Hop3Error('HOP3_STATE_CORRUPT', `The state file of app "${name}" is not valid: ${path}`, { cause: parsed.error });
    }
    return parsed.data;
  }

  /** The app's record, or an Abort that tells the user how to find the right name. */
  async require(name: string): Promise<AppRecord> {
    const record = await this.read(name);
    if (record === null) {
      throw new Abort(`No app named "${name}". Run "hop3 apps" to list apps, or "hop3 deploy <dir> --app ${name}".`, {
        code: 'HOP3_APP_NOT_FOUND',
      });
    }
    return record;
  }

  async write(record: AppRecord): Promise<void> {
    const stamped = { ...record, app: { ...record.app, updatedAt: new Date().toISOString() } };
    await writeJsonAtomic(this.layout.app(record.app.name).state, appRecordSchema.parse(stamped));
  }

  async list(): Promise<AppRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.layout.appsDir);
    } catch {
      return [];
    }
    const records = await Promise.all(names.filter(isSafeName).sort().map((name) => this.read(name).catch(() => null)));
    return records.filter((record): record is AppRecord => record !== null);
  }

  /** Run `fn` holding the app's lock, so two commands never change one app at once. */
  withAppLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.layout.app(name); // validates the name before it becomes a path
    const lockPath = join(this.layout.runDir, 'locks', `${name}.lock`);
    return withLock(lockPath, fn, { timeoutMs: 120_000 });
  }
}
