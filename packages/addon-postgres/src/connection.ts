import { postgresError, PostgresErrorCodes } from './errors.js';

/** Where and as whom to connect. `host` is a hostname, an IP, or a unix socket directory. */
export interface ConnectionInfo {
  host: string;
  port: number;
  user: string;
  password?: string | undefined;
  database: string;
}

export const DEFAULT_SOCKET_DIR = '/var/run/postgresql';
export const DEFAULT_PORT = 5432;

export function isSocketDir(host: string): boolean {
  return host.startsWith('/');
}

/**
 * Parse a `postgres://` / `postgresql://` URL the way libpq does: the host may be a
 * percent-encoded socket directory (`%2Fvar%2Frun%2Fpostgresql`) or given as `?host=`;
 * no host means the local socket. The URL itself never appears in errors (it may hold a
 * password).
 */
export function parsePostgresUrl(url: string, setting = 'HOP3_POSTGRES_ADMIN_URL'): ConnectionInfo {
  const invalid = (why: string) =>
    postgresError({
      code: PostgresErrorCodes.invalidSetting,
      message: `${setting} is not a usable PostgreSQL URL (${why}). Expected postgres://USER:PASSWORD@HOST:PORT/DATABASE, e.g. postgres://postgres:secret@127.0.0.1:5432/postgres.`,
      details: { setting },
    });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('cannot be parsed');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw invalid(`scheme "${parsed.protocol}"`);
  const decode = (part: string, what: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw invalid(`its ${what} has a "%" that does not start an escape such as %40; write a literal "%" as %25`);
    }
  };
  const queryHost = parsed.searchParams.get('host');
  const rawHost = decode(parsed.hostname, 'host');
  const host = queryHost || (rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost) || DEFAULT_SOCKET_DIR;
  const portText = parsed.port || parsed.searchParams.get('port') || String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw invalid('port is not a number between 1 and 65535');
  const database = decode(parsed.pathname.replace(/^\//, ''), 'database name') || 'postgres';
  const user = decode(parsed.username, 'user name') || 'postgres';
  const password = parsed.password ? decode(parsed.password, 'password') : undefined;
  return { host, port, user, password, database };
}

/**
 * `postgres://user:password@host:port/database`, every part url-encoded. A socket
 * directory is written percent-encoded in the host part, which libpq, node-postgres and
 * psycopg all accept.
 */
export function buildDatabaseUrl(info: ConnectionInfo): string {
  const auth = `${encodeURIComponent(info.user)}${info.password === undefined ? '' : `:${encodeURIComponent(info.password)}`}@`;
  const host = isSocketDir(info.host) ? encodeURIComponent(info.host) : info.host.includes(':') ? `[${info.host}]` : info.host;
  return `postgres://${auth}${host}:${info.port}/${encodeURIComponent(info.database)}`;
}

/** The libpq environment (PGHOST…) for the command-line tools: nothing goes on argv. */
export function libpqEnv(info: ConnectionInfo): Record<string, string | undefined> {
  return {
    PGHOST: info.host,
    PGPORT: String(info.port),
    PGUSER: info.user,
    PGPASSWORD: info.password,
    PGDATABASE: info.database,
    PGCONNECT_TIMEOUT: '10',
    PGAPPNAME: 'hop3-addon-postgres',
    // Settings inherited from the caller's shell must not redirect the tools elsewhere.
    PGSERVICE: undefined,
    PGSERVICEFILE: undefined,
    PGPASSFILE: undefined,
    PGOPTIONS: undefined,
    PGHOSTADDR: undefined,
  };
}

/** A short human description of where a server is, for error messages (never the password). */
export function describeServer(info: Pick<ConnectionInfo, 'host' | 'port'>): string {
  return isSocketDir(info.host) ? `${info.host}/.s.PGSQL.${info.port}` : `${info.host}:${info.port}`;
}
