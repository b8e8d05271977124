import { Socket, connect } from 'node:net';
import { redisError, RedisErrorCodes } from '../errors.js';
import { RespErrorReply, RespParser, encodeCommand, type RespValue } from './resp-parser.js';

export interface RespConnectOptions {
  port: number;
  host?: string;
  /** Sent with AUTH right after connecting; never appears in errors. */
  password?: string;
  /** Connect and per-command timeout (default 10 s). */
  timeoutMs?: number;
}

interface Pending {
  command: string;
  resolve(value: RespValue): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  /** SHUTDOWN answers by closing the connection: a close is its success. */
  closeIsSuccess: boolean;
}

/**
 * A deliberately tiny RESP2 client over node:net: enough for PING, INFO, BGSAVE, SHUTDOWN
 * and friends. Replaces spawning redis-cli for every step (each spawn costs ~10 ms) and keeps
 * the password off every command line. Errors name the command, never its arguments.
 */
export class RespClient {
  private readonly parser = new RespParser();
  private readonly pending: Pending[] = [];
  private closed = false;
  private closeError: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => {
      this.closeError = error;
    });
    socket.on('close', () => this.onClose());
  }

  static async connect(options: RespConnectOptions): Promise<RespClient> {
    const host = options.host ?? '127.0.0.1';
    const timeoutMs = options.timeoutMs ?? 10_000;
    const where = `${host}:${options.port}`;
    const client = await new Promise<RespClient>((resolve, reject) => {
      const s = connect({ host, port: options.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(redisError({ code: RedisErrorCodes.commandFailed, message: `Timed out connecting to redis on ${where}`, details: { port: options.port } }));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        s.setNoDelay(true);
        // Built in the same tick so the client's own error listener is in place at once.
        resolve(new RespClient(s, where, timeoutMs));
      });
      s.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          redisError({
            code: RedisErrorCodes.commandFailed,
            message: `Cannot connect to redis on ${where}: ${error.code ?? error.message}`,
            cause: error,
            details: { port: options.port, errno: error.code ?? null },
          }),
        );
      });
    });
    if (options.password !== undefined) {
      try {
        await client.command(['AUTH', options.password]);
      } catch (error) {
        client.close();
        throw error;
      }
    }
    return client;
  }

  /** Send one command; an error reply rejects with HOP3_REDIS_COMMAND_FAILED. */
  command(args: readonly (string | Buffer | number)[], options: { timeoutMs?: number } = {}): Promise<RespValue> {
    return this.send(args, false, options.timeoutMs ?? this.timeoutMs);
  }

  /** A command whose reply is text (INFO, PING, a bulk string): decoded as UTF-8. */
  async text(args: readonly (string | Buffer | number)[], options: { timeoutMs?: number } = {}): Promise<string> {
    const reply = await this.command(args, options);
    return Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply);
  }

  /** SHUTDOWN [SAVE|NOSAVE]: resolves when the server closes the connection. */
  async shutdown(mode: 'SAVE' | 'NOSAVE', timeoutMs: number): Promise<void> {
    await this.send(['SHUTDOWN', mode], true, timeoutMs);
  }

  close(): void {
    this.socket.destroy();
  }

  private send(args: readonly (string | Buffer | number)[], closeIsSuccess: boolean, timeoutMs: number): Promise<RespValue> {
    const command = String(args[0] ?? '').toUpperCase();
    if (this.closed) {
      return Promise.reject(redisError({ code: RedisErrorCodes.commandFailed, message: `Connection to redis on ${this.where} is closed (${command})` }));
    }
    return new Promise<RespValue>((resolve, reject) => {
      const timer = setTimeout(() => {
        // The stream is out of step once a reply is late: drop the connection.
        this.socket.destroy(new Error('timeout'));
        reject(redisError({ code: RedisErrorCodes.commandFailed, message: `Redis on ${this.where} did not answer ${command} within ${timeoutMs} ms` }));
      }, timeoutMs);
      this.pending.push({ command, resolve, reject, timer, closeIsSuccess });
      this.socket.write(encodeCommand(args));
    });
  }

  private onData(chunk: Buffer): void {
    let replies: RespValue[];
    try {
      replies = this.parser.push(chunk);
    } catch (error) {
      this.socket.destroy(error as Error);
      return;
    }
    for (const reply of replies) {
      const waiter = this.pending.shift();
      if (!waiter) continue;
      clearTimeout(waiter.timer);
      if (reply instanceof RespErrorReply) {
        waiter.reject(
          redisError({
            code: RedisErrorCodes.commandFailed,
            message: `Redis on ${this.where} refused ${waiter.command}: ${reply.message}`,
            details: { command: waiter.command, reply: reply.message },
          }),
        );
      } else {
        waiter.resolve(reply);
      }
    }
  }

  private onClose(): void {
    this.closed = true;
    for (const waiter of this.pending.splice(0)) {
      clearTimeout(waiter.timer);
      if (waiter.closeIsSuccess) {
        waiter.resolve(null);
        continue;
      }
      const why = this.closeError ? `: ${this.closeError.message}` : '';
      waiter.reject(
        redisError({
          code: RedisErrorCodes.commandFailed,
          message: `Redis on ${this.where} closed the connection before answering ${waiter.command}${why}`,
          cause: this.closeError,
        }),
      );
    }
  }
}
