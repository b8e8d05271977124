import { postgresError, PostgresErrorCodes } from './errors.js';
import { DEFAULT_PORT, DEFAULT_SOCKET_DIR, isSocketDir, parsePostgresUrl, type ConnectionInfo } from './connection.js';

/** Server-wide settings of the addon, read from the runtime's environment. */
export interface PostgresSettings {
  /** The superuser connection used to create and drop roles and databases. */
  admin: ConnectionInfo;
  /** Where apps (and our dump/restore tools, which run with the service's own role) connect. */
  serviceHost: string;
  servicePort: number;
  /** Directory holding pg_dump/pg_restore/psql, when not auto-detected. */
  binDir: string | undefined;
}

export const DEFAULT_ADMIN: ConnectionInfo = {
  host: DEFAULT_SOCKET_DIR,
  port: DEFAULT_PORT,
  user: 'postgres',
  database: 'postgres',
};

/**
 * `HOP3_POSTGRES_ADMIN_URL` (default: role `postgres` over /var/run/postgresql, port 5432),
 * `HOP3_POSTGRES_HOST` / `HOP3_POSTGRES_PORT` for the address apps get, `HOP3_POSTGRES_BIN_DIR`.
 *
 * When the admin connection is a unix socket, apps get 127.0.0.1 by default: Debian's stock
 * pg_hba.conf authenticates local sockets by `peer` (the OS user must equal the role), which
 * a service role with a password can never pass, while 127.0.0.1 uses scram-sha-256. Set
 * HOP3_POSTGRES_HOST to the socket directory where pg_hba allows password auth on sockets.
 */
export function readSettings(env: Readonly<Record<string, string | undefined>>): PostgresSettings {
  const adminUrl = env.HOP3_POSTGRES_ADMIN_URL?.trim();
  const admin = adminUrl ? parsePostgresUrl(adminUrl) : DEFAULT_ADMIN;
  const serviceHost = env.HOP3_POSTGRES_HOST?.trim() || (isSocketDir(admin.host) ? '127.0.0.1' : admin.host);
  const portText = env.HOP3_POSTGRES_PORT?.trim();
  const servicePort = portText ? Number(portText) : admin.port;
  if (!Number.isInteger(servicePort) || servicePort < 1 || servicePort > 65_535) {
    // The value is not repeated: a setting may be a secret pasted in the wrong place.
    throw postgresError({
      code: PostgresErrorCodes.invalidSetting,
      message: 'HOP3_POSTGRES_PORT must be a port number (1-65535).',
      details: { setting: 'HOP3_POSTGRES_PORT' },
    });
  }
  if (/[\s\0/]/.test(serviceHost) && !isSocketDir(serviceHost)) {
    throw postgresError({
      code: PostgresErrorCodes.invalidSetting,
      message: 'HOP3_POSTGRES_HOST must be a hostname, an IP address or an absolute socket directory.',
      details: { setting: 'HOP3_POSTGRES_HOST' },
    });
  }
  return { admin, serviceHost, servicePort, binDir: env.HOP3_POSTGRES_BIN_DIR?.trim() || undefined };
}
