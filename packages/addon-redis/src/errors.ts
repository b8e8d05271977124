import { errorFactory } from '@hop3/core';
import { KitErrorCodes } from '@hop3/kit';

/** Stable error codes raised by the redis addon. Compare errors by `code`. */
export const RedisErrorCodes = {
  /** The service name is not a safe name. */
  invalidName: 'HOP3_REDIS_INVALID_NAME',
  /** A server setting (HOP3_REDIS_*) has a value we refuse. */
  invalidSetting: 'HOP3_REDIS_INVALID_SETTING',
  /** The service has not been created (no state file). */
  notCreated: 'HOP3_REDIS_NOT_CREATED',
  /** The service's state file is unreadable or malformed (kit's code for every damaged state file). */
  corruptState: KitErrorCodes.stateCorrupt,
  /** redis-server or redis-check-rdb is not installed. */
  toolMissing: 'HOP3_REDIS_TOOL_MISSING',
  /** No free port left in the service port range. */
  noFreePort: 'HOP3_REDIS_NO_FREE_PORT',
  /** redis-server did not start or did not answer PING in time. */
  startFailed: 'HOP3_REDIS_START_FAILED',
  /** redis-server did not stop in time, even after SIGTERM. */
  stopFailed: 'HOP3_REDIS_STOP_FAILED',
  /** The server answered a command with an error, or the connection failed. */
  commandFailed: 'HOP3_REDIS_COMMAND_FAILED',
  /** BGSAVE failed or did not finish in time. */
  backupFailed: 'HOP3_REDIS_BACKUP_FAILED',
  /** The backup file to restore is missing, empty or fails redis-check-rdb. */
  invalidBackup: 'HOP3_REDIS_INVALID_BACKUP',
  /** The server did not load the restored dump; the previous data was put back. */
  restoreFailed: 'HOP3_REDIS_RESTORE_FAILED',
} as const;

export type RedisErrorCode = (typeof RedisErrorCodes)[keyof typeof RedisErrorCodes];

/** The addon's errors: a bad service name, setting or backup file is the user's bad input. */
export const redisError = errorFactory<RedisErrorCode>({
  input: [RedisErrorCodes.invalidName, RedisErrorCodes.invalidSetting, RedisErrorCodes.invalidBackup],
});
