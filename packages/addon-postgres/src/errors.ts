import { ErrorCodes, errorFactory, type Hop3Error } from '@hop3/core';
import { KitErrorCodes, maskSecrets } from '@hop3/kit';
import { describeServer, type ConnectionInfo } from './connection.js';

/** Stable codes of this addon's errors: the closed union {@link PostgresErrorCode}. */
export const PostgresErrorCodes = {
  /** A HOP3_POSTGRES_* server setting is malformed (as the other plugins' *_INVALID_SETTING). */
  invalidSetting: 'HOP3_POSTGRES_INVALID_SETTING',
  /** The server cannot be reached or does not accept sessions; the message says how to start it. */
  unavailable: 'HOP3_POSTGRES_UNAVAILABLE',
  /** The server refused the admin role. */
  authFailed: 'HOP3_POSTGRES_AUTH_FAILED',
  /** A statement failed (with its SQLSTATE). */
  queryFailed: 'HOP3_POSTGRES_QUERY_FAILED',
  /** The service's database does not exist. */
  notCreated: 'HOP3_POSTGRES_NOT_CREATED',
  /** A database or role of that name exists but was not made by hop3: it is left alone. */
  notManaged: 'HOP3_POSTGRES_NOT_MANAGED',
  /** A stored secret file is damaged (kit's code for every damaged state file). */
  secretInvalid: KitErrorCodes.stateCorrupt,
  /** The backup (pg_dump) failed. */
  backupFailed: 'HOP3_POSTGRES_BACKUP_FAILED',
  /** The backup file to restore does not exist. */
  backupNotFound: 'HOP3_POSTGRES_BACKUP_NOT_FOUND',
  /** The backup file to restore is empty, not a file, or neither a pg_dump archive nor plain SQL. */
  backupInvalid: 'HOP3_POSTGRES_BACKUP_INVALID',
  /** The restore failed; the service's data is unchanged. */
  restoreFailed: 'HOP3_POSTGRES_RESTORE_FAILED',
  /** A service name was refused (core's shared code). */
  invalidInput: ErrorCodes.invalidInput,
} as const;

export type PostgresErrorCode = (typeof PostgresErrorCodes)[keyof typeof PostgresErrorCodes];

/** The addon's errors: a bad setting, or a backup file that is missing or not a dump, is bad input. */
export const postgresError = errorFactory<PostgresErrorCode>({
  input: [PostgresErrorCodes.invalidSetting, PostgresErrorCodes.backupNotFound, PostgresErrorCodes.backupInvalid],
});

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'ENOTFOUND']);
/** SQLSTATEs meaning "the server is there but not accepting sessions". */
const NOT_READY = new Set(['57P01', '57P02', '57P03']);
const AUTH = new Set(['28P01', '28000']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turn a node-postgres failure into a typed error that says what to do. `secrets` are masked
 * out of the message (the server never echoes passwords, but errors may quote statements).
 */
export function toPostgresError(error: unknown, server: ConnectionInfo, action: string, secrets: readonly string[]): Hop3Error {
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  const message = maskSecrets(raw, secrets);
  const where = describeServer(server);
  if ((code && (UNREACHABLE.has(code) || NOT_READY.has(code))) || /timeout expired|Connection terminated unexpectedly/i.test(raw)) {
    return postgresError({
      code: PostgresErrorCodes.unavailable,
      message: `PostgreSQL is not available at ${where} (${message}) while trying to ${action}. Start it (Debian: "pg_ctlcluster 15 main start" or "service postgresql start"), or point HOP3_POSTGRES_ADMIN_URL at a running server.`,
      cause: error, details: { server: where, reason: code ?? message },
    });
  }
  if (code && AUTH.has(code)) {
    return postgresError({
      code: PostgresErrorCodes.authFailed,
      message: `PostgreSQL at ${where} refused role "${server.user}" (${message}) while trying to ${action}. Over the local socket Debian uses peer auth (run as the "postgres" OS user); otherwise set HOP3_POSTGRES_ADMIN_URL=postgres://postgres:PASSWORD@127.0.0.1:5432/postgres.`,
      cause: error, details: { server: where, role: server.user },
    });
  }
  return postgresError({
    code: PostgresErrorCodes.queryFailed,
    message: `PostgreSQL failed to ${action}: ${message}${code ? ` (SQLSTATE ${code})` : ''}`,
    cause: error,
    details: { server: where, sqlstate: code ?? null },
  });
}
