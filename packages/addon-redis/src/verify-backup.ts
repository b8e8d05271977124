import { stat } from 'node:fs/promises';
import { hasErrorCode } from '@hop3/core';
import { RunErrorCodes, lastLines, runCommand } from '@hop3/kit';
import { RedisErrorCodes, redisError } from './errors.js';

export interface VerifiedBackup {
  path: string;
  bytes: number;
  /** Keys in the dump as redis-check-rdb counted them (expired ones included). */
  keys: number | undefined;
}

/**
 * Check a dump before anything is stopped or replaced: it exists, is a non-empty file, and
 * redis-check-rdb reads it to the checksum.
 */
export async function verifyBackupFile(path: string, checkRdbBin: string): Promise<VerifiedBackup> {
  let bytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw redisError({ code: RedisErrorCodes.invalidBackup, message: `Backup ${path} is not a regular file`, details: { path } });
    bytes = info.size;
  } catch (error) {
    if (hasErrorCode(error, RedisErrorCodes.invalidBackup)) throw error;
    throw redisError({
      code: RedisErrorCodes.invalidBackup,
      message: `Backup ${path} does not exist or cannot be read; pass the path of a .rdb file made by backup()`,
      cause: error,
      details: { path },
    });
  }
  if (bytes === 0) throw redisError({ code: RedisErrorCodes.invalidBackup, message: `Backup ${path} is empty; nothing was restored`, details: { path } });

  let result;
  try {
    result = await runCommand(checkRdbBin, [path], { allowFailure: true, timeoutMs: 600_000 });
  } catch (error) {
    if (hasErrorCode(error, RunErrorCodes.notFound)) {
      throw redisError({
        code: RedisErrorCodes.toolMissing,
        message: `${checkRdbBin} not found: install Redis (apt-get install redis-server) or set HOP3_REDIS_CHECK_RDB`,
        cause: error,
      });
    }
    throw error;
  }
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.exitCode !== 0 || !/RDB looks OK/.test(output)) {
    const problem = lastLines(output, 8).filter((line) => !line.startsWith('[info]'));
    throw redisError({
      code: RedisErrorCodes.invalidBackup,
      message: `Backup ${path} is not a valid Redis dump (redis-check-rdb failed); nothing was restored\n${problem.map((l) => `  ${l}`).join('\n')}`,
      details: { path, check: problem },
    });
  }
  const keys = /\[info\] (\d+) keys read/.exec(output)?.[1];
  return { path, bytes, keys: keys === undefined ? undefined : Number(keys) };
}
