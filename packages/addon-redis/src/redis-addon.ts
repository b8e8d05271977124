import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Addon, StrategyRuntime } from '@hop3/core';
import { isProcessAlive, withLock, writeFileAtomic } from '@hop3/kit';
import { allocatePort } from './allocate-port.js';
import { copyDumpToBackups, snapshot } from './backup.js';
import { matchesBackupChecksum } from './backup-checksum.js';
import { renderRedisConfig } from './config-file.js';
import { RedisErrorCodes, redisError } from './errors.js';
import { infoNumber, keyspaceTotals, parseInfo } from './info-parser.js';
import { readServiceSummaries } from './list-services.js';
import { ADDON_TYPE, redisServicePaths, type RedisServicePaths } from './paths.js';
import { readServerPid } from './process-files.js';
import { RedisServerProcess } from './redis-server.js';
import { readRedisSettings, type RedisSettings } from './settings.js';
import { generatePassword, readServiceState, writeServiceState, type RedisServiceState } from './service-state.js';
import { pollUntil } from './time.js';
import { verifyBackupFile, type VerifiedBackup } from './verify-backup.js';

const HOST = '127.0.0.1';
const BACKUP_TIMEOUT_MS = 600_000;
/** Long enough for a restore or backup of a large data set held by another command. */
const LOCK_TIMEOUT_MS = 900_000;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The `redis` addon: one private redis-server per service, on its own loopback port with its
 * own password, data directory and config. Nothing is shared between services, so one app
 * can neither read nor flush another's keys (ACLs on a shared server cannot promise that).
 */
export class RedisAddon implements Addon {
  static readonly strategyName = ADDON_TYPE;
  static readonly description = 'Redis: one private redis-server per service (own port, password and data)';

  readonly name = ADDON_TYPE;
  readonly addonName: string;
  private readonly paths: RedisServicePaths;
  private readonly settings: RedisSettings;

  constructor(
    addonName: string,
    private readonly runtime: StrategyRuntime,
  ) {
    // Validated before anything else so a bad name never reaches the disk.
    this.paths = redisServicePaths(runtime.layout, addonName);
    this.addonName = this.paths.name;
    this.settings = readRedisSettings(runtime.env);
  }

  /** Create the service (port, password, config) if needed and make sure it runs. Idempotent. */
  async create(): Promise<void> {
    return this.locked(async () => {
      const { paths } = this;
      let state = await readServiceState(paths.state);
      state ??= await this.allocate();
      await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
      await chmod(paths.dir, 0o700);
      await chmod(paths.dataDir, 0o700);
      await this.writeConfig(state);
      await this.process(state).start();
    });
  }

  /** Start the server of a created service. Idempotent. */
  async start(): Promise<void> {
    return this.locked(async () => {
      await this.process(await this.requireState()).start();
    });
  }

  /** Stop the server (SHUTDOWN SAVE, SIGTERM as a fallback). Idempotent; a no-op when not created. */
  async stop(): Promise<void> {
    return this.locked(async () => {
      const state = await readServiceState(this.paths.state);
      if (state) await this.process(state).stop('SAVE');
    });
  }

  async isRunning(): Promise<boolean> {
    const state = await readServiceState(this.paths.state);
    return state ? this.process(state).isRunning() : false;
  }

  async getConnectionDetails(): Promise<Record<string, string>> {
    return this.locked(async () => {
      const state = await this.requireState();
      await this.process(state).start();
      const password = encodeURIComponent(state.password);
      return {
        // `default` is Redis's user for `requirepass`; an empty user name makes redis-cli 7.0
        // send AUTH "" <password>, which fails with WRONGPASS.
        REDIS_URL: `redis://default:${password}@${HOST}:${state.port}/0`,
        REDIS_HOST: HOST,
        REDIS_PORT: String(state.port),
        REDIS_PASSWORD: state.password,
      };
    });
  }

  /** Snapshot with BGSAVE and copy it to `<backups>/redis/<name>/<UTC timestamp>.rdb`. */
  async backup(): Promise<string> {
    return this.locked(async () => {
      const server = await this.runningServer();
      await snapshot(server, BACKUP_TIMEOUT_MS);
      const path = await copyDumpToBackups(this.paths.dump, this.paths.backupDir, new Date());
      this.runtime.log.info(`backed up redis service "${this.addonName}" to ${path}`);
      return path;
    });
  }

  /**
   * Replace the service's data with a dump. The dump is verified first (nothing is touched if
   * it is bad); the previous data is kept aside until the server has loaded the new one, and
   * put back if it does not.
   */
  async restore(path: string): Promise<void> {
    return this.locked(async () => {
      const state = await this.requireState();
      const server = this.process(state);
      const { paths } = this;
      const source = resolve(path);
      // The service's own data dir holds the live dump, which the restore replaces.
      const inside = relative(paths.dataDir, source);
      if (inside === '' || !(inside.startsWith('..') || isAbsolute(inside))) {
        throw redisError({
          code: RedisErrorCodes.invalidBackup,
          message: `${source} is in the data directory of redis service "${this.addonName}", not a backup: give a file "hop3 addons backup ${this.addonName}" wrote (in ${paths.backupDir}). Nothing was changed.`,
          details: { service: this.addonName, path: source },
        });
      }
      const staged = join(paths.dataDir, `.restore-${randomBytes(4).toString('hex')}.rdb`);
      const previous = join(paths.dataDir, 'dump.rdb.previous');
      try {
        // Our own backups are checked against the digest recorded when they were made (a few
        // ms). Any other file is read through by redis-check-rdb (~45 ms per 100k keys); while it
        // runs, stage a copy and snapshot the current data in the background (the server keeps
        // serving), which spares a blocking SHUTDOWN SAVE later. None of it changes what the
        // service holds.
        const copying = copyFile(source, staged);
        copying.catch(() => undefined); // settled below; not an unhandled rejection meanwhile
        const trusted = await matchesBackupChecksum(source);
        const [verified, copied] = await Promise.allSettled([
          trusted ? stat(source).then((info): VerifiedBackup => ({ path: source, bytes: info.size, keys: undefined })) : verifyBackupFile(source, this.settings.checkRdbBin),
          copying,
          trusted ? Promise.resolve() : this.snapshotIfDirty(server),
        ]);
        if (verified.status === 'rejected') throw verified.reason;
        if (copied.status === 'rejected') throw copied.reason;

        await this.stopKeepingCurrentData(server);
        const hadPrevious = await exists(paths.dump);
        if (hadPrevious) await rename(paths.dump, previous);
        await rename(staged, paths.dump);
        try {
          await server.start();
          await this.confirmLoaded(server, verified.value);
        } catch (error) {
          await this.rollBack(server, hadPrevious, previous, error);
        }
        await rm(previous, { force: true });
        this.runtime.log.info(`restored redis service "${this.addonName}" from ${source}`);
      } finally {
        await rm(staged, { force: true });
      }
    });
  }

  /** Stop the server and remove its directory (backups are kept). Idempotent. */
  async destroy(): Promise<void> {
    return this.locked(async () => {
      const state = await readServiceState(this.paths.state).catch(() => undefined);
      if (state) {
        await this.process(state).stop('NOSAVE');
      } else {
        // State lost or corrupt: still stop whatever the pid file names before deleting its files.
        const pid = await readServerPid(this.paths.pidFile);
        if (pid !== undefined && isProcessAlive(pid)) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // Exited in the meantime.
          }
          await pollUntil(() => !isProcessAlive(pid), this.settings.stopTimeoutMs, 20);
        }
      }
      await rm(this.paths.dir, { recursive: true, force: true });
      if (state) this.runtime.log.info(`destroyed redis service "${this.addonName}" (backups kept in ${this.paths.backupDir})`);
    });
  }

  /** Status, version, keys, memory and port. Never the password. */
  async info(): Promise<Record<string, unknown>> {
    return this.locked(async () => {
      const state = await readServiceState(this.paths.state);
      if (!state) return { type: ADDON_TYPE, service: this.addonName, status: 'not_created' };
      const server = this.process(state);
      // Measured, never started here: a crashed or stopped server is reported as it is.
      const probe = await server.probe();
      if (probe !== 'ready') {
        const base = { type: ADDON_TYPE, service: this.addonName, host: HOST, port: state.port, createdAt: state.createdAt, dataDir: this.paths.dataDir, backupDir: this.paths.backupDir };
        if (probe === 'loading') return { ...base, status: 'loading' };
        if (probe === 'foreign') return { ...base, status: 'port_taken', hint: `Port ${state.port} answers as another server: stop it, or destroy and re-create this service.` };
        return { ...base, status: 'stopped', hint: `Not running: "hop3 addons start ${this.addonName}" starts it (an app's next use of it does too).`, lastLogLines: (await server.logTail()).map((line) => server.mask(line)) };
      }
      const fields = parseInfo(await server.withClient((client) => client.text(['INFO'])));
      const { keys, expires } = keyspaceTotals(fields);
      const lastSave = infoNumber(fields, 'rdb_last_save_time');
      return {
        type: ADDON_TYPE,
        service: this.addonName,
        status: 'running',
        host: HOST,
        port: state.port,
        version: fields.redis_version ?? null,
        pid: infoNumber(fields, 'process_id') ?? null,
        uptimeSeconds: infoNumber(fields, 'uptime_in_seconds') ?? null,
        keys,
        keysWithTtl: expires,
        usedMemoryBytes: infoNumber(fields, 'used_memory') ?? null,
        usedMemoryHuman: fields.used_memory_human ?? null,
        lastSaveAt: lastSave === undefined ? null : new Date(lastSave * 1000).toISOString(),
        changesSinceLastSave: infoNumber(fields, 'rdb_changes_since_last_save') ?? null,
        createdAt: state.createdAt,
        dataDir: this.paths.dataDir,
        backupDir: this.paths.backupDir,
      };
    });
  }

  /**
   * One operation at a time per service, across processes too: a backup must not read the dump
   * a restore is swapping, and two creates must not pick two ports. (The lock is not
   * re-entrant, so public methods never call each other.)
   */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return withLock(join(this.runtime.layout.runDir, `redis-${this.addonName}.lock`), fn, { timeoutMs: LOCK_TIMEOUT_MS });
  }

  /**
   * Pick a port and a password and persist them. Under an addon-wide lock: two services
   * created at once must not both take the port neither has started on yet.
   */
  private async allocate(): Promise<RedisServiceState> {
    return withLock(join(this.runtime.layout.runDir, 'redis-ports.lock'), async () => {
      const taken = new Set((await readServiceSummaries(this.runtime)).map((service) => service.port));
      const port = await allocatePort(this.settings.portRange, taken);
      const state: RedisServiceState = { version: 1, name: this.addonName, port, password: generatePassword(), createdAt: new Date().toISOString() };
      await mkdir(this.paths.dataDir, { recursive: true, mode: 0o700 });
      await writeServiceState(this.paths.state, state);
      this.runtime.log.info(`created redis service "${this.addonName}" on ${HOST}:${port}`);
      return state;
    });
  }

  private process(state: RedisServiceState): RedisServerProcess {
    return new RedisServerProcess(this.paths, state, this.settings, this.runtime.log);
  }

  private async requireState(): Promise<RedisServiceState> {
    const state = await readServiceState(this.paths.state);
    if (!state) {
      throw redisError({
        code: RedisErrorCodes.notCreated,
        message: `Redis service "${this.addonName}" does not exist; create it first (hop3 addons create redis ${this.addonName})`,
        details: { service: this.addonName },
      });
    }
    return state;
  }

  private async runningServer(): Promise<RedisServerProcess> {
    const server = this.process(await this.requireState());
    await server.start();
    return server;
  }

  /** Rewrite redis.conf (0600) only when it changed, so a second create() touches nothing. */
  private async writeConfig(state: RedisServiceState): Promise<void> {
    const config = renderRedisConfig({
      port: state.port,
      password: state.password,
      pidFile: this.paths.pidFile,
      logFile: this.paths.logFile,
      dataDir: this.paths.dataDir,
      maxmemory: this.settings.maxmemory,
    });
    const current = await readFile(this.paths.config, 'utf8').catch(() => undefined);
    if (current === config) return;
    await writeFileAtomic(this.paths.config, config, { mode: 0o600 });
    if (current !== undefined && (await this.process(state).isRunning())) {
      this.runtime.log.warn(`redis.conf of "${this.addonName}" changed; stop and start the service to apply it`);
    }
  }

  /** BGSAVE when the data in memory differs from dump.rdb; a failure is left to the stop. */
  private async snapshotIfDirty(server: RedisServerProcess): Promise<void> {
    if ((await server.probe()) !== 'ready') return;
    const persistence = parseInfo(await server.withClient((client) => client.text(['INFO', 'persistence'])));
    if (infoNumber(persistence, 'rdb_changes_since_last_save') === 0 && (await exists(this.paths.dump))) return;
    await snapshot(server, BACKUP_TIMEOUT_MS).catch((error: unknown) => {
      this.runtime.log.warn(server.mask(`background save before the restore failed (${(error as Error).message}); stopping with SHUTDOWN SAVE instead`));
    });
  }

  /**
   * Stop before swapping dumps, leaving the current data in dump.rdb so it can be put back.
   * SHUTDOWN SAVE only when memory differs from the dump on disk (writes since the snapshot):
   * saving 100k keys is the slowest step of a restore, and usually already done.
   */
  private async stopKeepingCurrentData(server: RedisServerProcess): Promise<void> {
    const probe = await server.probe();
    if (probe !== 'ready') {
      await server.stop('SAVE');
      return;
    }
    const persistence = parseInfo(await server.withClient((client) => client.text(['INFO', 'persistence'])));
    const clean = infoNumber(persistence, 'rdb_changes_since_last_save') === 0 && (await exists(this.paths.dump));
    await server.stop(clean ? 'NOSAVE' : 'SAVE');
  }

  /** The server loaded the dump: not loading any more, and it read every key the check counted. */
  private async confirmLoaded(server: RedisServerProcess, backup: VerifiedBackup): Promise<void> {
    const fields = parseInfo(await server.withClient((client) => client.text(['INFO', 'persistence'])));
    const loaded = infoNumber(fields, 'rdb_last_load_keys_loaded');
    const expired = infoNumber(fields, 'rdb_last_load_keys_expired') ?? 0;
    if (infoNumber(fields, 'loading') !== 0) throw new Error('the server is still loading');
    if (backup.keys !== undefined && loaded !== undefined && loaded + expired !== backup.keys) {
      throw new Error(`the server loaded ${loaded + expired} keys, the backup holds ${backup.keys}`);
    }
  }

  private async rollBack(server: RedisServerProcess, hadPrevious: boolean, previous: string, error: unknown): Promise<never> {
    let putBack = 'the previous data was put back';
    try {
      await server.stop('NOSAVE');
      if (hadPrevious) await rename(previous, this.paths.dump);
      else await rm(this.paths.dump, { force: true });
      await server.start();
    } catch (rollbackError) {
      putBack = `putting the previous data back also failed (${server.mask((rollbackError as Error).message)}); it is kept in ${previous}`;
    }
    throw redisError({
      code: RedisErrorCodes.restoreFailed,
      message: server.mask(`Restore of redis service "${this.addonName}" failed: ${(error as Error).message}; ${putBack}`),
      cause: error,
      details: { service: this.addonName },
    });
  }
}
