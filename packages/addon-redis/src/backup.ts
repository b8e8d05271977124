import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode } from '@hop3/core';
import { sha256Of, writeBackupChecksum } from './backup-checksum.js';
import { RedisErrorCodes, redisError } from './errors.js';
import { infoNumber, parseInfo } from './info-parser.js';
import type { RedisServerProcess } from './redis-server.js';
import type { RespClient } from './resp/resp-client.js';
import { pollUntil, sleep } from './time.js';

/** `20261124T201500Z`: sortable, and safe in every file system. */
export function backupTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

interface SaveMarks {
  saves: number;
  lastSave: number;
  inProgress: boolean;
  status: string;
}

async function saveMarks(client: RespClient): Promise<SaveMarks> {
  const info = parseInfo(await client.text(['INFO', 'persistence']));
  return {
    saves: infoNumber(info, 'rdb_saves') ?? 0,
    lastSave: infoNumber(info, 'rdb_last_save_time') ?? 0,
    inProgress: infoNumber(info, 'rdb_bgsave_in_progress') === 1,
    status: info.rdb_last_bgsave_status ?? 'unknown',
  };
}

/**
 * BGSAVE and wait until *our* snapshot is on disk. `rdb_saves` (Redis 7) tells a finished
 * new save from an old one; LASTSAVE alone has one-second resolution and would force a
 * one-second wait between two backups.
 */
export async function snapshot(server: RedisServerProcess, timeoutMs: number): Promise<void> {
  await server.withClient(async (client) => {
    const before = await saveMarks(client);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      try {
        await client.command(['BGSAVE', 'SCHEDULE']);
        break;
      } catch (error) {
        // Another save (automatic or a concurrent backup) is running: it may have started before
        // the latest writes, so wait for it and take our own.
        if (!hasErrorCode(error, RedisErrorCodes.commandFailed) || !/already in progress/i.test((error as Error).message)) throw error;
        if (performance.now() > deadline) throw redisError({ code: RedisErrorCodes.backupFailed, message: `A background save of redis service "${server.paths.name}" is still running after ${timeoutMs} ms` });
        await sleep(10);
      }
    }
    let after = before;
    const finished = await pollUntil(async () => {
      after = await saveMarks(client);
      return !after.inProgress && (after.saves > before.saves || after.status !== 'ok');
    }, Math.max(0, deadline - performance.now()));
    if (!finished) {
      throw redisError({ code: RedisErrorCodes.backupFailed, message: `BGSAVE of redis service "${server.paths.name}" did not finish within ${timeoutMs} ms` });
    }
    if (after.status !== 'ok' || after.saves <= before.saves || after.lastSave < before.lastSave) {
      const tail = await server.logTail();
      throw redisError({
        code: RedisErrorCodes.backupFailed,
        message: `BGSAVE of redis service "${server.paths.name}" failed (rdb_last_bgsave_status:${after.status})\n${tail.map((l) => `  ${l}`).join('\n')}`,
        details: { service: server.paths.name, logTail: tail },
      });
    }
  });
}

/**
 * Copy the fresh dump.rdb into `backupDir` as `<timestamp>.rdb` (0600): written and fsynced
 * under a temporary name, then linked into place, so a listed backup is always whole. Two
 * backups in the same second get `-2`, `-3`… rather than overwriting each other.
 */
export async function copyDumpToBackups(dump: string, backupDir: string, now: Date): Promise<string> {
  await mkdir(backupDir, { recursive: true, mode: 0o700 });
  const stamp = backupTimestamp(now);
  const temp = join(backupDir, `.${stamp}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await copyFile(dump, temp);
    const handle = await open(temp, 'r');
    let digest: string;
    let size: number;
    try {
      await handle.chmod(0o600);
      // Hash the copy while it is flushed to disk: the digest lets restore skip redis-check-rdb.
      const [hashed, info] = await Promise.all([sha256Of(temp), handle.stat(), handle.sync()]);
      digest = hashed;
      size = info.size;
    } finally {
      await handle.close();
    }
    // link() refuses to overwrite: two backups in the same second cannot clobber each other.
    for (let n = 1; ; n++) {
      const target = join(backupDir, n === 1 ? `${stamp}.rdb` : `${stamp}-${n}.rdb`);
      try {
        await link(temp, target);
        await writeBackupChecksum(target, digest, size);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    await rm(temp, { force: true });
  }
}
