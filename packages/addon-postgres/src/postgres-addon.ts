import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hop3Error, hasErrorCode, type Addon, type Hop3Layout, type Logger, type StrategyRuntime } from '@hop3/core';
import { maskSecrets, runCommand, withLock, KitErrorCodes } from '@hop3/kit';
import { assertManaged, databasesMarked, dropDatabase, findDatabase, findRole, sqlState, terminateSessions } from './catalog.js';
import { buildDatabaseUrl, libpqEnv, type ConnectionInfo } from './connection.js';
import { inspectDumpFile } from './dump-file.js';
import { postgresError, PostgresErrorCodes } from './errors.js';
import { markers, serviceNames, type ServiceNames } from './names.js';
import { withSession, type Session } from './pg-client.js';
import { runPipeline } from './pipeline.js';
import { restrictMetaCommands } from './restricted-script.js';
import { scramSha256Verifier } from './scram.js';
import { SecretStore, generatePassword, type ServiceSecret } from './secrets.js';
import { readSettings, type PostgresSettings } from './settings.js';
import { quoteIdent, quoteLiteral } from './sql.js';
import { utcStamp } from './timestamp.js';
import { findPgTool } from './tools.js';

/** Role attributes every service role has; re-applied by create() so drift is repaired. */
const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';
/** Dumps and restores of big databases take a while; runCommand's default is 10 minutes. */
const TOOL_TIMEOUT_MS = 6 * 60 * 60 * 1000;
/** How long an in-place restore waits for the app's locks before giving up (data unchanged). */
const LOCK_TIMEOUT = '60s';
/** How long create/destroy/restore wait for another one on the same service. */
const LOCK_WAIT_MS = 30_000;

/**
 * One PostgreSQL database for one service: a login role that owns a database nobody else may
 * connect to, a random password kept in a 0600 file, custom-format backups, and restores that
 * either complete or change nothing.
 */
export class PostgresAddon implements Addon {
  static readonly strategyName = 'postgres';
  static readonly description = 'PostgreSQL database and role per service, with pg_dump backups';

  readonly name = 'postgres';
  readonly addonName: string;
  private readonly names: ServiceNames;
  private readonly settings: PostgresSettings;
  private readonly secrets: SecretStore;
  private readonly layout: Hop3Layout;
  private readonly log: Logger;

  constructor(addonName: string, runtime: StrategyRuntime) {
    this.names = serviceNames(addonName);
    this.addonName = addonName;
    this.settings = readSettings(runtime.env);
    this.layout = runtime.layout;
    this.secrets = new SecretStore(runtime.layout.addonDir('postgres'));
    this.log = runtime.log;
  }

  /** Path of the 0600 JSON file that holds the service's password. */
  get secretPath(): string {
    return this.secrets.pathFor(this.names.service);
  }

  async create(): Promise<void> {
    await this.exclusive(() => this.createUnlocked());
  }

  private async createUnlocked(): Promise<void> {
    const { service, database, role } = this.names;
    const roleIdent = quoteIdent(role);
    const dbIdent = quoteIdent(database);
    await this.admin(`create the database of "${service}"`, async (session) => {
      const existingDb = await findDatabase(session, database);
      const existingRole = await findRole(session, role);
      assertManaged(existingDb, 'database', markers.live(service));
      assertManaged(existingRole, 'role', markers.live(service));

      // The secret is saved before the role gets it, so a password set in Postgres is never
      // one we have lost; if we stop half-way the next create() reuses it.
      let secret = await this.secrets.read(this.names);
      if (!secret) {
        if (existingRole) this.log.warn(`postgres "${service}": the secret file was missing; resetting the role's password`);
        secret = { service, database, role, password: generatePassword(), createdAt: new Date().toISOString() };
        await this.secrets.write(secret);
      }
      const password = quoteLiteral(scramSha256Verifier(secret.password));
      if (existingRole) {
        await session.query(`ALTER ROLE ${roleIdent} WITH ${ROLE_ATTRIBUTES} PASSWORD ${password}`);
      } else {
        await ignoreState('42710', () => session.query(`CREATE ROLE ${roleIdent} WITH ${ROLE_ATTRIBUTES} PASSWORD ${password}`), () =>
          session.query(`ALTER ROLE ${roleIdent} WITH ${ROLE_ATTRIBUTES} PASSWORD ${password}`),
        );
        await session.query(`COMMENT ON ROLE ${roleIdent} IS ${quoteLiteral(markers.live(service))}`);
      }

      if (existingDb) {
        await session.query(`ALTER DATABASE ${dbIdent} OWNER TO ${roleIdent}`);
        // Repairs a restore that stopped between closing the database and swapping it.
        await session.query(`ALTER DATABASE ${dbIdent} WITH ALLOW_CONNECTIONS true`);
      } else {
        await ignoreState('42P04', () => session.query(`CREATE DATABASE ${dbIdent} OWNER ${roleIdent}`));
        await session.query(`COMMENT ON DATABASE ${dbIdent} IS ${quoteLiteral(markers.live(service))}`);
      }
      await session.query(`REVOKE ALL ON DATABASE ${dbIdent} FROM PUBLIC`);
      this.log.info(`postgres "${service}": database ${database} ready (role ${role})`);
    });
  }

  async destroy(): Promise<void> {
    await this.exclusive(() => this.destroyUnlocked());
  }

  private async destroyUnlocked(): Promise<void> {
    const { service, database, role } = this.names;
    await this.admin(`destroy the database of "${service}"`, async (session) => {
      const existingDb = await findDatabase(session, database);
      const existingRole = await findRole(session, role);
      assertManaged(existingDb, 'database', markers.live(service));
      assertManaged(existingRole, 'role', markers.live(service));
      const leftovers = await databasesMarked(session, [markers.restoring(service), markers.replaced(service)]);
      for (const name of [database, ...leftovers]) await dropDatabase(session, name);
      if (existingRole) await session.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
    });
    await this.secrets.remove(service);
    this.log.info(`postgres "${service}": database, role and secret removed`);
  }

  async getConnectionDetails(): Promise<Record<string, string>> {
    const connection = this.serviceConnection(await this.requireSecret());
    return {
      DATABASE_URL: buildDatabaseUrl(connection),
      PGHOST: connection.host,
      PGPORT: String(connection.port),
      PGDATABASE: connection.database,
      PGUSER: connection.user,
      PGPASSWORD: connection.password ?? '',
    };
  }

  async backup(): Promise<string> {
    const { service } = this.names;
    const secret = await this.requireSecret();
    const connection = this.serviceConnection(secret);
    // A quick session first: "server down" and "not created" get their own clear errors.
    await withSession(connection, { action: `back up "${service}"` }, (session) => session.query('SELECT 1'));

    const dir = this.layout.backupDir('postgres', service);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const stamp = utcStamp(new Date());
    const partial = join(dir, `.${stamp}.${randomBytes(6).toString('hex')}.partial`);
    let written: string;
    try {
      await runCommand(findPgTool('pg_dump', this.settings.binDir), ['--format=custom', `--file=${partial}`], {
        env: libpqEnv(connection),
        secrets: [secret.password],
        timeoutMs: TOOL_TIMEOUT_MS,
      });
      await chmod(partial, 0o600);
      await fsyncFile(partial);
      written = await freeName(join(dir, `${stamp}.dump`));
      await rename(partial, written);
    } catch (error) {
      await rm(partial, { force: true });
      if (hasErrorCode(error, KitErrorCodes.commandNotFound)) throw error;
      throw postgresError({
        code: PostgresErrorCodes.backupFailed,
        message: `Backup of postgres "${service}" failed: ${maskSecrets(messageOf(error), [secret.password])}`,
        cause: error,
        details: { service },
      });
    }
    this.log.info(`postgres "${service}": backup written to ${written}`);
    return written;
  }

  /**
   * Replace the service's contents with a dump (pg_dump custom/tar archive, or plain SQL).
   *
   * Nothing can be lost: the file is checked first (exists, non-empty, a known format, and
   * `pg_restore --list` reads an archive's table of contents). Then:
   * - archives are restored in place in ONE transaction, as the service's own role:
   *   `pg_restore --single-transaction -f - | psql --single-transaction -c 'DROP OWNED BY
   *   CURRENT_USER' -f -`. Any error rolls back the drop too, and psql is killed before it
   *   sees end-of-input (its cue to commit) when pg_restore fails half-way. Apps keep their
   *   sessions; they wait on locks while the restore runs.
   * - psql runs the SQL in restricted mode ({@link restrictMetaCommands}): a file's `\!`,
   *   `\copy` or `\o` would otherwise run a shell or touch files as hop3's user.
   * - plain SQL may contain its own BEGIN/COMMIT, which would break that guarantee, so it is
   *   loaded into a fresh staging database; only when that succeeded are the two databases
   *   swapped by renaming both in one transaction (open sessions are closed for the swap),
   *   and the old copy is dropped.
   */
  async restore(path: string): Promise<void> {
    await this.exclusive(() => this.restoreUnlocked(path));
  }

  private async restoreUnlocked(path: string): Promise<void> {
    const { service, database } = this.names;
    const file = resolve(path);
    const format = await inspectDumpFile(file);
    const secret = await this.requireSecret();
    if (format !== 'sql') await this.checkArchive(file, secret);
    await this.admin(`prepare the restore of "${service}"`, async (session) => {
      const live = await findDatabase(session, database);
      if (!live) throw this.notCreated();
      assertManaged(live, 'database', markers.live(service));
    });
    const failed = (error: unknown) =>
      postgresError({
        code: PostgresErrorCodes.restoreFailed,
        message: `Restore of postgres "${service}" from ${file} failed; the service's data is unchanged. ${maskSecrets(messageOf(error), [secret.password])}${
          messageOf(error).includes('invalid command \\restrict') ? '\nThis psql is too old to restore safely: install a PostgreSQL client of 15.14, 16.10, 17.6 or later.' : ''
        }`,
        cause: error, details: { service, path: file, format },
      });
    if (format === 'sql') {
      await this.restoreViaStaging(file, secret, failed);
    } else {
      try {
        await this.restoreInPlace(file, secret);
      } catch (error) {
        throw hasErrorCode(error, KitErrorCodes.commandNotFound) ? error : failed(error);
      }
    }
    this.log.info(`postgres "${service}": restored from ${file}`);
  }

  async info(): Promise<Record<string, unknown>> {
    const { service, database, role } = this.names;
    const hasSecret = (await this.secrets.read(this.names).catch(() => undefined)) !== undefined;
    const base = {
      type: 'postgres',
      service,
      database,
      role,
      host: this.settings.serviceHost,
      port: this.settings.servicePort,
      hasSecret,
    };
    try {
      return await this.admin(`read the status of "${service}"`, async (session) => {
        const [server] = await session.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
        const serverVersion = server?.version ?? null;
        if (!(await findDatabase(session, database))) return { ...base, status: 'not_created', serverVersion };
        const [stats] = await session.query<{ size: string; connections: string }>(
          `SELECT pg_database_size($1)::text AS size, (SELECT count(*) FROM pg_stat_activity WHERE datname = $1)::text AS connections`,
          [database],
        );
        const tableCount = await withSession({ ...this.settings.admin, database }, { action: `count the tables of "${service}"` }, async (inner) => {
          const [row] = await inner.query<{ count: string }>(
            `SELECT count(*)::text AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
          );
          return Number(row?.count ?? 0);
        });
        return {
          ...base,
          status: hasSecret ? 'ready' : 'secret_missing',
          serverVersion,
          sizeBytes: Number(stats?.size ?? 0),
          tableCount,
          connections: Number(stats?.connections ?? 0),
        };
      });
    } catch (error) {
      if (!hasErrorCode(error, PostgresErrorCodes.unavailable)) throw error;
      return { ...base, status: 'unavailable', error: messageOf(error) };
    }
  }

  // ---------------------------------------------------------------------------------------

  /**
   * create, destroy and restore of one service never interleave (two creates would each
   * generate a password and could leave the file and the role disagreeing). A live holder is
   * waited for up to 30 s, then kit's HOP3_LOCKED names it.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return withLock(join(this.layout.addonDir('postgres'), `.${this.names.service}.lock`), fn, { timeoutMs: LOCK_WAIT_MS });
  }

  private admin<T>(action: string, fn: (session: Session) => Promise<T>): Promise<T> {
    return withSession(this.settings.admin, { action }, fn);
  }

  private serviceConnection(secret: ServiceSecret): ConnectionInfo {
    return {
      host: this.settings.serviceHost,
      port: this.settings.servicePort,
      user: secret.role,
      password: secret.password,
      database: secret.database,
    };
  }

  private async requireSecret(): Promise<ServiceSecret> {
    const secret = await this.secrets.read(this.names);
    if (!secret) throw this.notCreated();
    return secret;
  }

  private notCreated(): Hop3Error {
    const { service } = this.names;
    return postgresError({
      code: PostgresErrorCodes.notCreated,
      message: `The postgres service "${service}" does not exist (or its secret file is gone). Run "hop3 addons create postgres ${service}" first.`,
      details: { service },
    });
  }

  /** `pg_restore --list` reads the whole table of contents: truncated or foreign files fail here. */
  private async checkArchive(file: string, secret: ServiceSecret): Promise<void> {
    try {
      await runCommand(findPgTool('pg_restore', this.settings.binDir), ['--list', file], { secrets: [secret.password], timeoutMs: TOOL_TIMEOUT_MS });
    } catch (error) {
      if (hasErrorCode(error, KitErrorCodes.commandNotFound)) throw error;
      const tail = ((error as { details?: { stderrTail?: string[] } }).details?.stderrTail ?? []).join(' ');
      throw postgresError({
        code: PostgresErrorCodes.backupInvalid,
        message: `Cannot restore from ${file}: pg_restore cannot read it (${tail || messageOf(error)}). Nothing was changed.`,
        cause: error,
        details: { path: file },
      });
    }
  }

  private async restoreInPlace(file: string, secret: ServiceSecret): Promise<void> {
    await runPipeline(
      {
        file: findPgTool('pg_restore', this.settings.binDir),
        // -1 in script mode wraps the SQL in BEGIN/COMMIT and keeps large-object sections
        // from emitting their own COMMITs; psql's outer BEGIN makes its BEGIN a warning.
        args: ['--file=-', '--no-owner', '--no-privileges', '--single-transaction', file],
      },
      {
        file: findPgTool('psql', this.settings.binDir),
        args: [
          '--no-psqlrc',
          '--quiet',
          '--set=ON_ERROR_STOP=1',
          '--single-transaction',
          // An app holding a lock (say, idle in a transaction) fails the restore instead of hanging it.
          `--command=SET lock_timeout = '${LOCK_TIMEOUT}'`,
          '--command=DROP OWNED BY CURRENT_USER',
          '--file=-',
        ],
      },
      { env: libpqEnv(this.serviceConnection(secret)), secrets: [secret.password], timeoutMs: TOOL_TIMEOUT_MS, filter: restrictMetaCommands() },
    );
  }

  private async restoreViaStaging(file: string, secret: ServiceSecret, failed: (error: unknown) => Hop3Error): Promise<void> {
    const { service, role } = this.names;
    const staging = `hop3-restore-${randomBytes(8).toString('hex')}`;
    await this.admin(`prepare the restore of "${service}"`, async (session) => {
      for (const name of await databasesMarked(session, [markers.replaced(service)])) await dropDatabase(session, name);
      await session.query(`CREATE DATABASE ${quoteIdent(staging)} OWNER ${quoteIdent(role)}`);
      await session.query(`COMMENT ON DATABASE ${quoteIdent(staging)} IS ${quoteLiteral(markers.restoring(service))}`);
      await session.query(`REVOKE ALL ON DATABASE ${quoteIdent(staging)} FROM PUBLIC`);
    });
    try {
      await runPipeline(
        { path: file },
        { file: findPgTool('psql', this.settings.binDir), args: ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--single-transaction', '--file=-'] },
        { env: libpqEnv({ ...this.serviceConnection(secret), database: staging }), secrets: [secret.password], timeoutMs: TOOL_TIMEOUT_MS, filter: restrictMetaCommands() },
      );
    } catch (error) {
      await this.admin(`clean up the failed restore of "${service}"`, (session) => dropDatabase(session, staging)).catch((cleanup: unknown) =>
        this.log.warn(`postgres "${service}": could not drop the staging database ${staging}: ${messageOf(cleanup)}`),
      );
      throw hasErrorCode(error, KitErrorCodes.commandNotFound) ? error : failed(error);
    }
    await this.swapIn(staging);
  }

  /** Rename live → replaced and staging → live in one transaction, then drop the replaced copy. */
  private async swapIn(staging: string): Promise<void> {
    const { service, database } = this.names;
    const replaced = `hop3-replaced-${randomBytes(8).toString('hex')}`;
    const live = quoteIdent(database);
    await this.admin(`switch "${service}" to the restored data`, async (session) => {
      await session.query(`ALTER DATABASE ${live} WITH ALLOW_CONNECTIONS false`);
      try {
        for (let attempt = 1; ; attempt += 1) {
          await terminateSessions(session, [database, staging]);
          try {
            await session.query('BEGIN');
            await session.query(`ALTER DATABASE ${live} RENAME TO ${quoteIdent(replaced)}`);
            await session.query(`ALTER DATABASE ${quoteIdent(staging)} RENAME TO ${live}`);
            await session.query(`COMMENT ON DATABASE ${live} IS ${quoteLiteral(markers.live(service))}`);
            await session.query(`COMMENT ON DATABASE ${quoteIdent(replaced)} IS ${quoteLiteral(markers.replaced(service))}`);
            await session.query('COMMIT');
            break;
          } catch (error) {
            await session.query('ROLLBACK').catch(() => undefined);
            // 55006: a terminated session has not exited yet.
            if (sqlState(error) !== '55006' || attempt >= 50) throw error;
            await sleep(100);
          }
        }
      } catch (error) {
        await session.query(`ALTER DATABASE ${live} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
        await dropDatabase(session, staging).catch(() => undefined);
        throw error;
      }
      try {
        await dropDatabase(session, replaced);
      } catch (error) {
        // The restore itself succeeded; the old copy is dropped by the next restore or destroy.
        this.log.warn(`postgres "${service}": could not drop the previous copy ${replaced}: ${messageOf(error)}`);
      }
    });
  }
}

/** Run `fn`; when it fails with SQLSTATE `state` (a concurrent create won), run `fallback`. */
async function ignoreState(state: string, fn: () => Promise<unknown>, fallback?: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (sqlState(error) !== state) throw error;
    await fallback?.();
  }
}

/** `path`, or `path` with `-2`, `-3`… before the extension when a backup of the same second exists. */
async function freeName(path: string): Promise<string> {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? path : path.replace(/\.dump$/, `-${n}.dump`);
    try {
      await access(candidate);
    } catch {
      return candidate;
    }
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
