import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupTimestamp, copyDumpToBackups } from './backup.js';
import { matchesBackupChecksum } from './backup-checksum.js';

describe('backupTimestamp', () => {
  it('is compact UTC without milliseconds', () => {
    expect(backupTimestamp(new Date('2026-11-24T20:15:00.123Z'))).toBe('20261124T201500Z');
  });
});

describe('copyDumpToBackups', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('copies to a 0600 timestamped file and never overwrites one from the same second', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-redis-backup-'));
    const dump = join(dir, 'dump.rdb');
    await writeFile(dump, 'REDIS0010 fake');
    const now = new Date('2026-11-24T20:15:00Z');
    const backups = join(dir, 'backups', 'cache');
    const first = await copyDumpToBackups(dump, backups, now);
    const second = await copyDumpToBackups(dump, backups, now);
    expect(first).toBe(join(backups, '20261124T201500Z.rdb'));
    expect(second).toBe(join(backups, '20261124T201500Z-2.rdb'));
    expect((await stat(first)).mode & 0o777).toBe(0o600);
    expect((await stat(backups)).mode & 0o777).toBe(0o700);
    expect((await readdir(backups)).sort()).toEqual([
      '20261124T201500Z-2.rdb',
      '20261124T201500Z-2.rdb.sha256',
      '20261124T201500Z.rdb',
      '20261124T201500Z.rdb.sha256',
    ]);
    expect((await stat(`${first}.sha256`)).mode & 0o777).toBe(0o600);
    expect(await matchesBackupChecksum(first)).toBe(true);
    await writeFile(first, 'REDIS0010 fakf');
    expect(await matchesBackupChecksum(first)).toBe(false); // same size, other bytes
    expect(await matchesBackupChecksum(join(dir, 'dump.rdb'))).toBe(false); // no sidecar
  });

  it('leaves no temporary file when the dump is missing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop3-redis-backup-'));
    const backups = join(dir, 'backups');
    await expect(copyDumpToBackups(join(dir, 'missing.rdb'), backups, new Date())).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(backups)).toEqual([]);
  });
});
