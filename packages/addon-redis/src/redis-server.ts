import type { Logger } from '@hop3/core';
import { hasErrorCode } from '@hop3/core';
import { RunErrorCodes, isProcessAlive, maskSecrets, runCommand } from '@hop3/kit';
import { RedisErrorCodes, redisError } from './errors.js';
import { infoNumber, parseInfo } from './info-parser.js';
import type { RedisServicePaths } from './paths.js';
import { fileSize, readFrom, readServerPid, removeFile, tailFile } from './process-files.js';
import { RespClient } from './resp/resp-client.js';
import type { RedisSettings } from './settings.js';
import type { RedisServiceState } from './service-state.js';
import { pollUntil } from './time.js';

/** What a PING on the service's port tells us. */
export type ServerProbe =
  | 'ready'
  /** Up, still loading its dump. */
  | 'loading'
  /** Nothing listening. */
  | 'down'
  /** Something answers but refuses our password: not our server. */
  | 'foreign';

/** After launch, a server that has not written its pid file by then has failed to bind. */
const PID_FILE_GRACE_MS = 3_000;
/** Lines redis logs just before it exits at start-up (bind failure, unreadable dump…). */
const FATAL_LOG_LINE = /Failed listening on port|aborting|Unrecoverable error|Fatal error|FATAL/i;
const LOG_TAIL_LINES = 15;

/**
 * One private redis-server process: start it from its config, probe it, stop it. Knows
 * nothing of backups; {@link RedisAddon} composes these steps.
 */
export class RedisServerProcess {
  constructor(
    readonly paths: RedisServicePaths,
    private readonly state: RedisServiceState,
    private readonly settings: RedisSettings,
    private readonly log: Logger,
  ) {}

  get port(): number {
    return this.state.port;
  }

  /** An authenticated connection; the caller closes it. */
  connect(timeoutMs = 10_000): Promise<RespClient> {
    return RespClient.connect({ port: this.state.port, password: this.state.password, timeoutMs });
  }

  /** Run `fn` with a fresh authenticated connection, closed afterwards. */
  async withClient<T>(fn: (client: RespClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await fn(client);
    } finally {
      client.close();
    }
  }

  async probe(): Promise<ServerProbe> {
    let client: RespClient;
    try {
      client = await this.connect(2_000);
    } catch (error) {
      const reply = (error as { details?: { reply?: string; errno?: string | null } }).details;
      if (reply?.reply !== undefined) return /^LOADING/.test(reply.reply) ? 'loading' : 'foreign';
      return 'down';
    }
    try {
      await client.command(['PING']);
      const persistence = parseInfo(await client.text(['INFO', 'persistence']));
      return infoNumber(persistence, 'loading') === 1 ? 'loading' : 'ready';
    } catch (error) {
      const reply = (error as { details?: { reply?: string } }).details?.reply;
      return reply !== undefined && /^LOADING/.test(reply) ? 'loading' : 'down';
    } finally {
      client.close();
    }
  }

  async isRunning(): Promise<boolean> {
    return (await this.probe()) === 'ready';
  }

  /** Start the server unless it already answers; resolve once it answers PING with its data loaded. */
  async start(): Promise<void> {
    const first = await this.probe();
    if (first === 'ready') return;
    if (first === 'foreign') {
      throw redisError({
        code: RedisErrorCodes.startFailed,
        message: `Port ${this.port} of redis service "${this.paths.name}" is taken by another server; stop it or destroy and re-create this service`,
        details: { service: this.paths.name, port: this.port },
      });
    }
    const logOffset = await fileSize(this.paths.logFile);
    if (first === 'down') await this.launch();
    const started = performance.now();
    let failure: string | undefined;
    const ready = await pollUntil(async () => {
      const probe = await this.probe();
      if (probe === 'ready') return true;
      if (probe === 'loading') return false;
      const pid = await readServerPid(this.paths.pidFile);
      if (pid === undefined) {
        const fatal = (await readFrom(this.paths.logFile, logOffset)).split('\n').find((line) => FATAL_LOG_LINE.test(line));
        if (fatal !== undefined) failure = 'it exited at start-up';
        else if (performance.now() - started > PID_FILE_GRACE_MS) failure = 'it exited before writing its pid file';
      } else if (!isProcessAlive(pid)) {
        failure = `process ${pid} exited`;
      }
      return failure !== undefined;
    }, this.settings.startTimeoutMs);
    if (ready && failure === undefined) {
      this.log.info(`redis service "${this.paths.name}" is up on 127.0.0.1:${this.port}`);
      return;
    }
    throw await this.startFailure(failure ?? `no PING answer within ${this.settings.startTimeoutMs} ms`);
  }

  private async launch(): Promise<void> {
    // A pid file left by a crash would make us wait for (or signal) a stranger.
    const stalePid = await readServerPid(this.paths.pidFile);
    if (stalePid === undefined || !isProcessAlive(stalePid)) await removeFile(this.paths.pidFile);
    try {
      await runCommand(this.settings.serverBin, [this.paths.config], {
        cwd: this.paths.dir,
        timeoutMs: this.settings.startTimeoutMs,
        secrets: [this.state.password],
      });
    } catch (error) {
      if (hasErrorCode(error, RunErrorCodes.notFound)) {
        throw redisError({
          code: RedisErrorCodes.startFailed,
          message: `${this.settings.serverBin} not found: install Redis (apt-get install redis-server) or set HOP3_REDIS_SERVER to its path`,
          cause: error, details: { service: this.paths.name },
        });
      }
      throw await this.startFailure((error as Error).message, error);
    }
  }

  private async startFailure(why: string, cause?: unknown): Promise<Error> {
    const tail = await this.logTail();
    const body = tail.length > 0 ? `\nLast lines of ${this.paths.logFile}:\n${tail.map((l) => `  ${l}`).join('\n')}` : '';
    return redisError({
      code: RedisErrorCodes.startFailed,
      message: this.mask(`redis service "${this.paths.name}" did not start on 127.0.0.1:${this.port}: ${why}${body}`),
      cause, details: { service: this.paths.name, port: this.port, logTail: tail },
    });
  }

  /**
   * Stop the server: SHUTDOWN SAVE (or NOSAVE when the caller already holds the data on
   * disk), then wait until the pid file is gone and the port closed; SIGTERM as a fallback.
   * Idempotent.
   */
  async stop(mode: 'SAVE' | 'NOSAVE' = 'SAVE'): Promise<void> {
    const probe = await this.probe();
    if (probe === 'ready' || probe === 'loading') {
      try {
        await this.withClient((client) => client.shutdown(mode, this.settings.stopTimeoutMs));
      } catch (error) {
        this.log.warn(this.mask(`SHUTDOWN of redis service "${this.paths.name}" failed (${(error as Error).message}); sending SIGTERM`));
      }
    }
    if (await this.waitStopped(this.settings.stopTimeoutMs)) return;
    const pid = await readServerPid(this.paths.pidFile);
    if (pid !== undefined && isProcessAlive(pid)) {
      this.log.warn(`redis service "${this.paths.name}" is still running; sending SIGTERM to ${pid}`);
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Gone in the meantime.
      }
      if (await this.waitStopped(this.settings.stopTimeoutMs)) return;
    }
    const tail = await this.logTail();
    throw redisError({
      code: RedisErrorCodes.stopFailed,
      message: this.mask(`redis service "${this.paths.name}" did not stop\n${tail.map((l) => `  ${l}`).join('\n')}`),
      details: { service: this.paths.name, port: this.port, logTail: tail },
    });
  }

  /**
   * Stopped = our server no longer answers on the port and its pid file is gone (or names a
   * dead process). Not `kill -0` alone: the exited daemon lingers as a zombie until PID 1
   * reaps it. A stranger on the port ('foreign') is not ours to wait for.
   */
  private async waitStopped(timeoutMs: number): Promise<boolean> {
    return pollUntil(async () => {
      const probe = await this.probe();
      if (probe === 'ready' || probe === 'loading') return false;
      const pid = await readServerPid(this.paths.pidFile);
      if (pid === undefined) return true;
      if (isProcessAlive(pid)) return false;
      await removeFile(this.paths.pidFile);
      return true;
    }, timeoutMs);
  }

  async logTail(lines = LOG_TAIL_LINES): Promise<string[]> {
    return (await tailFile(this.paths.logFile, lines)).map((line) => this.mask(line));
  }

  mask(text: string): string {
    return maskSecrets(text, [this.state.password]);
  }
}
