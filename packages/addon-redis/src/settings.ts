import { RedisErrorCodes, redisError } from './errors.js';

/** Server-wide settings of the redis addon, read from the host's environment. */
export interface RedisSettings {
  /** `HOP3_REDIS_SERVER`: the redis-server program (default `redis-server` on PATH). */
  serverBin: string;
  /** `HOP3_REDIS_CHECK_RDB`: the redis-check-rdb program (default `redis-check-rdb`). */
  checkRdbBin: string;
  /** `HOP3_REDIS_MAXMEMORY`: per-service `maxmemory` (e.g. `256mb`); unset = no limit. */
  maxmemory: string | undefined;
  /**
   * `HOP3_REDIS_PORTS` (`16380-17379` by default): where service ports are allocated. Below
   * Linux's ephemeral range (32768+), so an outgoing connection never sits on the port of a
   * stopped service.
   */
  portRange: { first: number; last: number };
  /** `HOP3_REDIS_START_TIMEOUT_MS`: how long a start may take, including loading the dump. */
  startTimeoutMs: number;
  /** `HOP3_REDIS_STOP_TIMEOUT_MS`: how long SHUTDOWN SAVE may take before SIGTERM. */
  stopTimeoutMs: number;
}

const MEMORY_PATTERN = /^[0-9]{1,12}(b|k|kb|m|mb|g|gb)?$/i;

function positiveInt(env: Readonly<Record<string, string | undefined>>, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw redisError({
      code: RedisErrorCodes.invalidSetting,
      message: `${key}=${JSON.stringify(raw)} is not a positive whole number of milliseconds`,
      details: { setting: key },
    });
  }
  return value;
}

function portRange(raw: string | undefined): { first: number; last: number } {
  if (raw === undefined || raw === '') return { first: 16380, last: 17379 };
  const match = /^([0-9]{1,5})-([0-9]{1,5})$/.exec(raw);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (!match || first < 1024 || last > 65535 || first > last) {
    throw redisError({
      code: RedisErrorCodes.invalidSetting,
      message: `HOP3_REDIS_PORTS=${JSON.stringify(raw)} is not a port range: use FIRST-LAST between 1024 and 65535, e.g. 16380-17379`,
      details: { setting: 'HOP3_REDIS_PORTS' },
    });
  }
  return { first, last };
}

export function readRedisSettings(env: Readonly<Record<string, string | undefined>>): RedisSettings {
  const maxmemory = env.HOP3_REDIS_MAXMEMORY || undefined;
  if (maxmemory !== undefined && !MEMORY_PATTERN.test(maxmemory)) {
    throw redisError({
      code: RedisErrorCodes.invalidSetting,
      message: `HOP3_REDIS_MAXMEMORY=${JSON.stringify(maxmemory)} is not a memory size: use e.g. 256mb or 1gb`,
      details: { setting: 'HOP3_REDIS_MAXMEMORY' },
    });
  }
  return {
    serverBin: env.HOP3_REDIS_SERVER || 'redis-server',
    checkRdbBin: env.HOP3_REDIS_CHECK_RDB || 'redis-check-rdb',
    maxmemory,
    portRange: portRange(env.HOP3_REDIS_PORTS),
    startTimeoutMs: positiveInt(env, 'HOP3_REDIS_START_TIMEOUT_MS', 15_000),
    stopTimeoutMs: positiveInt(env, 'HOP3_REDIS_STOP_TIMEOUT_MS', 30_000),
  };
}
