import { postgresError, PostgresErrorCodes } from './errors.js';
import type { Session } from './pg-client.js';
import { quoteIdent } from './sql.js';

/** A database or role as the catalog shows it, with the Hop3 marker stored in its COMMENT. */
export interface CatalogObject {
  name: string;
  marker: string | null;
}

export async function findDatabase(session: Session, name: string): Promise<CatalogObject | undefined> {
  const rows = await session.query<{ name: string; marker: string | null }>(
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1`,
    [name],
  );
  return rows[0];
}

export async function findRole(session: Session, name: string): Promise<CatalogObject | undefined> {
  const rows = await session.query<{ name: string; marker: string | null }>(
    `SELECT rolname AS name, shobj_description(oid, 'pg_authid') AS marker FROM pg_roles WHERE rolname = $1`,
    [name],
  );
  return rows[0];
}

/** Databases whose marker is one of `markers` (left-over restore databases of a service). */
export async function databasesMarked(session: Session, markers: readonly string[]): Promise<string[]> {
  const rows = await session.query<{ name: string }>(
    `SELECT datname AS name FROM pg_database WHERE shobj_description(oid, 'pg_database') = ANY($1::text[]) ORDER BY datname`,
    [markers],
  );
  return rows.map((row) => row.name);
}

/** Refuse to adopt or drop a database or role that Hop3 did not create. */
export function assertManaged(object: CatalogObject | undefined, kind: 'database' | 'role', marker: string): void {
  if (object && object.marker !== marker) {
    throw postgresError({
      code: PostgresErrorCodes.notManaged,
      message: `The ${kind} "${object.name}" exists but was not created by Hop3 (its comment is not "${marker}"), so Hop3 will not change it. Rename or drop it, or pick another service name.`,
      details: { kind, name: object.name },
    });
  }
}

/** Close every session of `databases` (except ours). Backends exit shortly after. */
export async function terminateSessions(session: Session, databases: readonly string[]): Promise<number> {
  // In the select list, not the WHERE clause: the planner may reorder quals, never evaluate
  // the select list for rows that were filtered out.
  const rows = await session.query<{ terminated: boolean }>(
    `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()`,
    [databases],
  );
  return rows.filter((row) => row.terminated).length;
}

/**
 * Drop a database with everyone connected to it: forbid new sessions, terminate the open
 * ones, then DROP (which waits up to 5 s for terminated backends to exit). Idempotent.
 */
export async function dropDatabase(session: Session, name: string): Promise<void> {
  const ident = quoteIdent(name);
  if (!(await findDatabase(session, name))) return;
  await session.query(`ALTER DATABASE ${ident} WITH ALLOW_CONNECTIONS false`);
  await terminateSessions(session, [name]);
  await session.query(`DROP DATABASE IF EXISTS ${ident}`);
}

/** The SQLSTATE a typed query error carries, if any. */
export function sqlState(error: unknown): string | undefined {
  const state = (error as { details?: { sqlstate?: unknown } } | null)?.details?.sqlstate;
  return typeof state === 'string' ? state : undefined;
}
