import type { Client, ClientConfig, QueryResultRow } from 'pg';
import type { ConnectionInfo } from './connection.js';
import { toPostgresError } from './errors.js';

type ClientClass = new (config: ClientConfig) => Client;
let clientClass: Promise<ClientClass> | undefined;

/**
 * node-postgres's Client, loaded on first use (plugins are imported at host start-up). We
 * load `pg/lib/client.js` (exported by pg) rather than `pg`, whose entry also loads pg-pool:
 * under a resolver that adds the `import` condition to require() (vitest does), pg-pool
 * resolves to its ESM build and `pg` fails to load. We never need a pool.
 */
export function loadPgClient(): Promise<ClientClass> {
  const specifier = 'pg/lib/client.js';
  clientClass ??= import(specifier).then((module: { default: ClientClass }) => module.default);
  return clientClass;
}

/** A connected session; `query` binds values, errors come back typed and masked. */
export interface Session {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, values?: readonly unknown[]): Promise<R[]>;
}

export interface SessionOptions {
  /** What we are doing, for error messages ("create the database"). */
  action: string;
  /** Values to mask out of error messages. */
  secrets?: readonly string[];
}

/** Connect, run `fn`, always disconnect. */
export async function withSession<T>(info: ConnectionInfo, options: SessionOptions, fn: (session: Session) => Promise<T>): Promise<T> {
  const secrets = [...(options.secrets ?? []), ...(info.password ? [info.password] : [])];
  const Client = await loadPgClient();
  const client = new Client({
    host: info.host,
    port: info.port,
    user: info.user,
    password: info.password,
    database: info.database,
    connectionTimeoutMillis: 10_000,
    application_name: 'hop3-addon-postgres',
  });
  // An idle client whose server goes away emits 'error'; without a listener it would crash the host.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw toPostgresError(error, info, options.action, secrets);
  }
  const session: Session = {
    async query<R extends QueryResultRow>(sql: string, values: readonly unknown[] = []) {
      try {
        return (await client.query<R>(sql, values as unknown[])).rows;
      } catch (error) {
        throw toPostgresError(error, info, options.action, secrets);
      }
    },
  };
  try {
    return await fn(session);
  } finally {
    await client.end().catch(() => undefined);
  }
}
